/**
 * The task pane inside Excel: 填报 (the clerk), 检查, 汇总 (the office), 台账 (periods) and 清单, on the open
 * workbook through the Office.js adapter. Laid out for a 320 px pane; every control is reachable
 * by keyboard (Fluent's TabList, Combobox, Accordion and buttons).
 */
import { useEffect, useMemo, useState } from 'react';
import { makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Tab, TabList, Text, tokens } from '@fluentui/react-components';
import { parsePeriod } from '../../core/period';
import type { ReturnMeta } from '../../core/report';
import { ErrorBar, errorMessage, todayIso } from '../web/shared';
import { useAdapter } from './adapter';
import { CatalogTab } from './CatalogTab';
import { catalogOfBook, importSeed, listSeeds, metaOfBook, STARTUP_SHEETS, type CurrentCatalog, type SeedInfo } from './catalogs';
import { CheckTab } from './CheckTab';
import { defaultPeriod } from './defaults';
import { FillTab } from './FillTab';
import { LedgerTab } from './LedgerTab';
import { MergeTab } from './MergeTab';

export type TabId = 'fill' | 'check' | 'merge' | 'ledger' | 'catalog';
const TABS: Array<{ id: TabId; label: string }> = [
  { id: 'fill', label: '填报' },
  { id: 'check', label: '检查' },
  { id: 'merge', label: '汇总' },
  { id: 'ledger', label: '台账' },
  { id: 'catalog', label: '清单' },
];

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  catalogLine: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', color: tokens.colorNeutralForeground3 },
});

export interface ExcelAppProps {
  /** Today, ISO (tests fix it). */
  today?: string;
  initialTab?: TabId;
}

export function ExcelApp({ today = todayIso(), initialTab = 'fill' }: ExcelAppProps) {
  const styles = useStyles();
  const adapter = useAdapter();
  const [tab, setTab] = useState<TabId>(initialTab);
  const [current, setCurrent] = useState<CurrentCatalog | null>(null);
  const [seeds, setSeeds] = useState<SeedInfo[] | null>(null);
  const [meta, setMeta] = useState<ReturnMeta>({});
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [periodText, setPeriodText] = useState('');
  const [periodTouched, setPeriodTouched] = useState(false);
  const notes = useMemo(() => adapter.missingFeatureNotes(), [adapter]);

  // On opening: the workbook's own catalog and template metadata (2 syncs), else a bundled list.
  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const list = await listSeeds();
        if (live) setSeeds(list);
        let book = null;
        try {
          book = await adapter.readUsedRanges({ only: STARTUP_SHEETS });
        } catch (e) {
          if (live) setError(errorMessage(e));
        }
        const m = book ? metaOfBook(book) : {};
        let own = null;
        try {
          own = book ? catalogOfBook(book) : null;
        } catch (e) {
          if (live) setError(`本工作簿的任务清单无法读取，已改用内置清单：${errorMessage(e)}`);
        }
        if (!live) return;
        setMeta(m);
        if (own) {
          setCurrent({ catalog: own, origin: 'workbook', warnings: [] });
          return;
        }
        const seed = list.find((s) => m.catalogTitle && s.title === m.catalogTitle) ?? list[0];
        const r = await importSeed(seed.id);
        if (live) setCurrent({ catalog: r.catalog, origin: 'seed', seedId: seed.id, warnings: r.warnings });
      } catch (e) {
        if (live) setError(errorMessage(e));
      } finally {
        if (live) setLoading(false);
      }
    })();
    return () => {
      live = false;
    };
  }, [adapter]);

  // The period follows the catalog's calendar until the user types one.
  useEffect(() => {
    if (!current || periodTouched) return;
    const fromMeta = meta.period ? parsePeriod(meta.period) : null;
    setPeriodText((fromMeta ?? defaultPeriod(current.catalog.calendar, today)).code);
  }, [current, meta.period, periodTouched, today]);

  const onPeriod = (v: string) => {
    setPeriodTouched(true);
    setPeriodText(v);
  };
  const period = parsePeriod(periodText);

  return (
    <div className={styles.root}>
      {notes.length ? (
        <MessageBar intent="info">
          <MessageBarBody>
            <MessageBarTitle>部分功能不可用</MessageBarTitle>
            {notes.join('；')}。
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {loading ? <Spinner size="tiny" label="正在读取工作簿…" labelPosition="after" /> : null}
      {current ? (
        <Text size={200} className={styles.catalogLine} title={current.catalog.source.title} data-testid="catalog-line">
          任务清单：{current.catalog.source.title || '未命名清单'}
          {current.origin === 'workbook' ? '（本工作簿）' : current.origin === 'seed' ? '（内置）' : '（导入，未写入）'}
        </Text>
      ) : null}
      <ErrorBar title="提示" message={error} onDismiss={() => setError(null)} />

      <TabList size="small" selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as TabId)} aria-label="功能">
        {TABS.map((t) => (
          <Tab key={t.id} id={`xtab-${t.id}`} value={t.id} aria-controls={`xpanel-${t.id}`}>
            {t.label}
          </Tab>
        ))}
      </TabList>
      {/* Panels stay mounted so that results survive switching tabs. */}
      <div id="xpanel-fill" role="tabpanel" aria-labelledby="xtab-fill" hidden={tab !== 'fill'}>
        <FillTab
          current={current}
          period={period}
          periodText={periodText}
          onPeriod={onPeriod}
          defaultUnit={meta.unit}
          onWritten={(m) => setMeta(m)}
        />
      </div>
      <div id="xpanel-check" role="tabpanel" aria-labelledby="xtab-check" hidden={tab !== 'check'}>
        <CheckTab current={current} period={period} periodText={periodText} onPeriod={onPeriod} today={today} />
      </div>
      <div id="xpanel-merge" role="tabpanel" aria-labelledby="xtab-merge" hidden={tab !== 'merge'}>
        <MergeTab current={current} period={period} periodText={periodText} onPeriod={onPeriod} today={today} />
      </div>
      <div id="xpanel-ledger" role="tabpanel" aria-labelledby="xtab-ledger" hidden={tab !== 'ledger'}>
        <LedgerTab />
      </div>
      <div id="xpanel-catalog" role="tabpanel" aria-labelledby="xtab-catalog" hidden={tab !== 'catalog'}>
        <CatalogTab current={current} seeds={seeds} onCatalog={setCurrent} />
      </div>
    </div>
  );
}

export default ExcelApp;
