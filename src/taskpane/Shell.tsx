/**
 * The one app of both doors: the office's list, period and 截至日期 on top (remembered between
 * visits), then the tabs 填报/模板 · 检查 · 汇总 · 台账 · 清单, each one component over the door's host
 * (hosts/types.ts). In Excel the clerk's tab comes first, on the web page the office's.
 */
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import {
  Button,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Tab,
  TabList,
  Text,
  tokens,
} from '@fluentui/react-components';
import { summariseCatalog, type Catalog } from '../core/catalog';
import { catalogFromJson, catalogToJson } from '../core/catalogFile';
import { parsePeriod, periodLabel } from '../core/period';
import { defaultPeriod, reportingPeriod } from '../core/periodDefault';
import type { ReturnMeta } from '../core/report';
import type { BundledList, CatalogInfo, CurrentCatalog, Host, HostStart, Remembered } from './hosts/types';
import { HostContext } from './hosts/context';
import { ErrorBar, errorMessage, isIsoDate, todayIso } from './shared';
import { MergeTab } from './tabs/MergeTab';
import { RECENT_LISTS } from './remembered';

// Tabs other than the first load on first visit, so that the first screen's JavaScript stays small.
const FillTab = lazy(() => import(/* webpackChunkName: "fill-tab" */ './tabs/FillTab'));
const CheckTab = lazy(() => import(/* webpackChunkName: "check-tab" */ './tabs/CheckTab'));
const LedgerTab = lazy(() => import(/* webpackChunkName: "ledger-tab" */ './tabs/LedgerTab'));
const CatalogTab = lazy(() => import(/* webpackChunkName: "catalog-tab" */ './tabs/CatalogTab'));

export type TabId = 'fill' | 'check' | 'merge' | 'ledger' | 'catalog';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  bar: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)',
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    alignItems: 'end',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
    // At desktop widths the list, the period and the date sit on one line.
    '@media (min-width: 900px)': { gridTemplateColumns: 'minmax(0, 1fr) 150px 170px' },
  },
  list: {
    gridColumn: '1 / -1',
    minWidth: 0,
    display: 'flex',
    flexDirection: 'column',
    '@media (min-width: 900px)': { gridColumn: 'auto' },
  },
  listTitle: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', fontWeight: tokens.fontWeightSemibold },
  listLine: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    flexWrap: 'wrap',
    color: tokens.colorNeutralForeground3,
  },
  field: { minWidth: 0 },
  input: { minWidth: 0, width: '100%' },
  tabs: { flexWrap: 'wrap' },
  // Forms read best at a form's width; only the 汇总 uses a desktop screen's (its settings beside its results).
  narrow: { maxWidth: '760px' },
});

export interface ShellProps {
  host: Host;
  /** Today, ISO (tests fix it). */
  today?: string;
  initialTab?: TabId;
}

const ORIGIN_WORDS = { bundled: '内置', workbook: '本工作簿', imported: '导入' } as const;

type RecentList = NonNullable<Remembered['recent']>[number];

/** What is remembered of a catalog in use; a workbook's own catalog is remembered by the workbook. */
function listRef(c: CurrentCatalog): Remembered['list'] {
  if (c.origin.kind === 'bundled') return { kind: 'bundled', id: c.origin.id };
  if (c.origin.kind === 'imported') return { kind: 'imported', label: c.origin.label, catalog: catalogToJson(c.catalog) };
  return undefined;
}

function recentOf(c: CurrentCatalog): RecentList | null {
  const ref = listRef(c);
  return ref ? { ...ref, title: c.catalog.source.title || '未命名清单' } : null;
}

function sameList(a: RecentList, b: RecentList): boolean {
  return a.kind === b.kind && (a.kind === 'bundled' ? a.id === (b as typeof a).id : a.title === b.title);
}

export function Shell({ host, today = todayIso(), initialTab }: ShellProps) {
  const styles = useStyles();
  const order: TabId[] =
    host.kind === 'excel' ? ['fill', 'check', 'merge', 'ledger', 'catalog'] : ['merge', 'check', 'fill', 'ledger', 'catalog'];
  const labels: Record<TabId, string> = { fill: host.words.fillTab, check: '检查', merge: '汇总', ledger: '台账', catalog: '清单' };
  const [tab, setTab] = useState<TabId>(initialTab ?? order[0]);
  const [visited, setVisited] = useState<ReadonlySet<TabId>>(() => new Set([initialTab ?? order[0]]));
  const [started, setStarted] = useState<HostStart | null>(null);
  const [current, setCurrent] = useState<CurrentCatalog | null>(null);
  const [loading, setLoading] = useState(true);
  const [problems, setProblems] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [meta, setMeta] = useState<ReturnMeta>({});
  const [periodText, setPeriodText] = useState('');
  const [periodChosen, setPeriodChosen] = useState(false);
  const [asOf, setAsOf] = useState(today);
  const [asOfChosen, setAsOfChosen] = useState(false);
  const [recent, setRecent] = useState<RecentList[]>([]);
  const ready = useRef(false);

  const use = (info: CatalogInfo, origin: CurrentCatalog['origin']) => setCurrent({ ...info, origin });

  // On opening: what the door knows (the link, the workbook's own list, what was remembered), then the list to use.
  useEffect(() => {
    let live = true;
    void (async () => {
      const notes: string[] = [];
      try {
        const s = await host.start();
        if (!live) return;
        notes.push(...s.problems);
        setStarted(s);
        setMeta(s.meta ?? {});
        setRecent(s.remembered?.recent ?? []);
        const link = s.link ?? {};
        const byId = (id: string) => s.bundled.find((l) => l.id === id);
        let chosen: { info: CatalogInfo; origin: CurrentCatalog['origin'] } | null = null;
        const bundled = async (l: BundledList) => ({ info: await host.loadBundled(l), origin: { kind: 'bundled', id: l.id } as const });
        if (link.catalog && !byId(link.catalog)) notes.push(`链接中的任务清单“${link.catalog}”不是本站内置的清单，请在“清单”中选择`);
        const remembered = s.remembered?.list;
        try {
          if (link.catalog && byId(link.catalog)) chosen = await bundled(byId(link.catalog) as BundledList);
          else if (s.workbookCatalog) chosen = { info: { catalog: s.workbookCatalog, warnings: [] }, origin: { kind: 'workbook' } };
          else if (remembered?.kind === 'bundled' && byId(remembered.id)) chosen = await bundled(byId(remembered.id) as BundledList);
          else if (remembered?.kind === 'imported')
            chosen = {
              info: { catalog: catalogFromJson(remembered.catalog), warnings: [] },
              origin: { kind: 'imported', label: remembered.label },
            };
        } catch (e) {
          notes.push(`上次使用的任务清单无法读取：${errorMessage(e)}`);
        }
        if (!chosen) {
          const byTitle = s.meta?.catalogTitle ? s.bundled.find((l) => l.title === s.meta?.catalogTitle) : undefined;
          const first = byTitle ?? s.bundled[0];
          if (first) chosen = await bundled(first);
        }
        if (!live) return;
        if (chosen) use(chosen.info, chosen.origin);
        const p = link.period ?? s.remembered?.period;
        if (link.period && !parsePeriod(link.period)) notes.push(`链接中的报告期“${link.period}”无法识别，已按清单和今天的日期选择`);
        else if (p && parsePeriod(p)) {
          setPeriodText(parsePeriod(p)?.code ?? p);
          setPeriodChosen(true);
        }
        const d = link.asOf ?? s.remembered?.asOf;
        if (link.asOf && !isIsoDate(link.asOf)) notes.push(`链接中的日期“${link.asOf}”格式应为 YYYY-MM-DD，已改用今天`);
        else if (d && isIsoDate(d)) {
          setAsOf(d);
          setAsOfChosen(true);
        }
      } catch (e) {
        if (live) notes.push(errorMessage(e));
      } finally {
        if (live) {
          setProblems(notes);
          setLoading(false);
          ready.current = true;
        }
      }
    })();
    return () => {
      live = false;
    };
  }, [host]);

  // What is remembered: the list in use, and the period and date once chosen (kept a moment after the last keystroke).
  useEffect(() => {
    if (!ready.current) return;
    const timer = setTimeout(() => {
      const state: Remembered = {
        list: current ? listRef(current) : undefined,
        recent,
        period: periodChosen && parsePeriod(periodText) ? periodText : undefined,
        asOf: asOfChosen && isIsoDate(asOf) ? asOf : undefined,
      };
      host.remember(state).catch(() => undefined);
    }, 400);
    return () => clearTimeout(timer);
  }, [current, recent, periodText, periodChosen, asOf, asOfChosen, host]);

  /** Another list chosen: the one before goes to the recent lists. */
  const switchTo = (next: CurrentCatalog) => {
    if (current) {
      const before = recentOf(current);
      const now = recentOf(next);
      if (before && !(now && sameList(before, now)))
        setRecent((r) => [before, ...r.filter((x) => !sameList(x, before) && !(now && sameList(x, now)))].slice(0, RECENT_LISTS));
      else if (now) setRecent((r) => r.filter((x) => !sameList(x, now)));
    }
    setCurrent(next);
    setError(null);
  };

  const openRecent = async (r: RecentList) => {
    try {
      if (r.kind === 'bundled') {
        const l = started?.bundled.find((x) => x.id === r.id);
        if (!l) throw new Error(`本站已不再内置《${r.title}》`);
        switchTo({ ...(await host.loadBundled(l)), origin: { kind: 'bundled', id: l.id } });
      } else switchTo({ catalog: catalogFromJson(r.catalog), warnings: [], origin: { kind: 'imported', label: r.label } });
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  // The period follows the list (its years, its calendar, today) until someone chooses one; a template's own period first.
  const fromMeta = meta.period ? parsePeriod(meta.period) : null;
  const shownPeriod = periodChosen
    ? periodText
    : (fromMeta ?? (current ? defaultPeriod(current.catalog, today) : reportingPeriod({ raw: '', frequency: null, dues: [] }, today))).code;
  const period = parsePeriod(shownPeriod);
  const catalog: Catalog | null = current?.catalog ?? null;
  const day = isIsoDate(asOf) ? asOf : today;
  const summary = useMemo(() => (catalog ? summariseCatalog(catalog) : null), [catalog]);
  const select = (id: TabId) => {
    setTab(id);
    setVisited((v) => new Set([...v, id]));
  };
  const loadingTab = <Spinner size="tiny" label="正在载入…" labelPosition="after" />;
  const context = {
    catalog,
    current,
    period,
    periodText: shownPeriod,
    asOf: day,
    today,
    meta,
    bundled: started?.bundled ?? [],
    recent,
    onCatalog: switchTo,
    onOpenRecent: (r: RecentList) => void openRecent(r),
    onMeta: setMeta,
    onTab: select,
  };

  return (
    <HostContext.Provider value={host}>
      <div className={styles.root}>
        {problems.length ? (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>提示</MessageBarTitle>
              {problems.join('；')}
            </MessageBarBody>
          </MessageBar>
        ) : null}
        <section className={styles.bar} aria-label="任务清单与报告期">
          <div className={styles.list}>
            {loading ? (
              <Spinner size="tiny" label="正在载入任务清单…" labelPosition="after" />
            ) : current && summary ? (
              <>
                <Text size={300} className={styles.listTitle} title={current.catalog.source.title} data-testid="catalog-line">
                  {current.catalog.source.title || '未命名清单'}
                </Text>
                <span className={styles.listLine}>
                  <Text size={200} data-testid="catalog-summary">
                    {ORIGIN_WORDS[current.origin.kind]}清单：任务 {summary.tasks} 项，单位 {summary.units} 个
                  </Text>
                  <Button size="small" appearance="transparent" onClick={() => select('catalog')}>
                    切换清单
                  </Button>
                </span>
              </>
            ) : (
              <span className={styles.listLine}>
                <Text size={200} data-testid="catalog-none">
                  尚未选择任务清单
                </Text>
                <Button size="small" appearance="primary" onClick={() => select('catalog')}>
                  选择或导入清单
                </Button>
              </span>
            )}
          </div>
          <Field
            className={styles.field}
            label="报告期"
            size="small"
            validationState={period ? 'none' : 'error'}
            validationMessage={period ? periodLabel(period) : '写作 2019Q2、2019H1、2019M06 或 2019'}
          >
            <Input
              id="period-input"
              size="small"
              className={styles.input}
              value={shownPeriod}
              onChange={(_, d) => {
                setPeriodChosen(true);
                setPeriodText(d.value);
              }}
            />
          </Field>
          <Field className={styles.field} label="截至日期" size="small" hint="逾期按此日期判断">
            <Input
              id="asof-input"
              size="small"
              type="date"
              className={styles.input}
              value={asOf}
              onChange={(_, d) => {
                setAsOfChosen(true);
                setAsOf(d.value);
              }}
            />
          </Field>
        </section>
        <ErrorBar title="任务清单" message={error} onDismiss={() => setError(null)} />

        <TabList
          size="small"
          className={styles.tabs}
          selectedValue={tab}
          onTabSelect={(_, d) => select(d.value as TabId)}
          aria-label="功能"
        >
          {order.map((id) => (
            <Tab key={id} id={`tab-${id}`} value={id} aria-controls={`panel-${id}`}>
              {labels[id]}
            </Tab>
          ))}
        </TabList>
        {/* Panels stay mounted once visited, so that picked files and results survive switching tabs. */}
        {order.map((id) => (
          <div
            key={id}
            id={`panel-${id}`}
            role="tabpanel"
            aria-labelledby={`tab-${id}`}
            hidden={tab !== id}
            className={id === 'merge' ? undefined : styles.narrow}
          >
            {visited.has(id) ? (
              <Suspense fallback={loadingTab}>
                {id === 'merge' ? <MergeTab {...context} /> : null}
                {id === 'fill' ? <FillTab {...context} /> : null}
                {id === 'check' ? <CheckTab {...context} /> : null}
                {id === 'ledger' ? <LedgerTab /> : null}
                {id === 'catalog' ? <CatalogTab {...context} /> : null}
              </Suspense>
            ) : null}
          </div>
        ))}
      </div>
    </HostContext.Provider>
  );
}

/** What every tab gets from the shell. */
export type TabProps = {
  catalog: Catalog | null;
  current: CurrentCatalog | null;
  period: ReturnType<typeof parsePeriod>;
  periodText: string;
  asOf: string;
  today: string;
  meta: ReturnMeta;
  bundled: BundledList[];
  recent: RecentList[];
  onCatalog: (c: CurrentCatalog) => void;
  onOpenRecent: (r: RecentList) => void;
  onMeta: (m: ReturnMeta) => void;
  onTab: (t: TabId) => void;
};
