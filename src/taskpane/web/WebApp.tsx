/**
 * The web page (no Office host): the catalog picker on top, then the tabs 汇总 / 检查 / 模板 / 台账. All
 * reading and writing happens in the worker, in this browser; nothing is uploaded.
 * A link can preset the page: ?catalog=000_45cf8959af68998b&period=2019Q2&asOf=2019-06-30
 */
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Tab, TabList, tokens } from '@fluentui/react-components';
import { parsePeriod } from '../../core/period';
import { CatalogCard, CUSTOM } from './CatalogCard';
import { MergeTab } from './MergeTab';
import type { CatalogInfo, CatalogRequest, SeedInfo } from './protocol';
import type { ListDocument } from '../../core/import/document';
import { keepOfficeJsQuiet } from './officeQuiet';
import { currentQuarter, ErrorBar, errorMessage, isIsoDate, readParams, todayIso } from './shared';
import { workerClient } from './workerClient';

// 检查 and 模板 load on first visit, so the first screen's JavaScript stays small.
const CheckTab = lazy(() => import(/* webpackChunkName: "check-tab" */ './CheckTab').then((m) => ({ default: m.CheckTab })));
const TemplateTab = lazy(() => import(/* webpackChunkName: "template-tab" */ './TemplateTab').then((m) => ({ default: m.TemplateTab })));
const LedgerTab = lazy(() => import(/* webpackChunkName: "ledger-tab" */ './LedgerTab').then((m) => ({ default: m.LedgerTab })));
// The column mapping (and the importer it runs) loads only when a list's table needs it.
const ColumnMapper = lazy(() => import(/* webpackChunkName: "column-mapper" */ '../components/ColumnMapper'));

type TabId = 'merge' | 'check' | 'template' | 'ledger';
const TABS: Array<{ id: TabId; label: string }> = [
  { id: 'merge', label: '汇总' },
  { id: 'check', label: '检查' },
  { id: 'template', label: '模板' },
  { id: 'ledger', label: '台账' },
];

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  tabs: { flexWrap: 'wrap' },
});

export function WebApp() {
  // No Office host: Office.js must not phone home from this page.
  keepOfficeJsQuiet();
  const styles = useStyles();
  const params = useMemo(() => readParams(), []);
  const [seeds, setSeeds] = useState<SeedInfo[] | null>(null);
  const [selected, setSelected] = useState('');
  const [customLabel, setCustomLabel] = useState<string | null>(null);
  const [info, setInfo] = useState<CatalogInfo | null>(null);
  const [loading, setLoading] = useState(false);
  const [catalogError, setCatalogError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [periodText, setPeriodText] = useState(() => parsePeriod(params.period ?? '')?.code ?? currentQuarter());
  const [asOf, setAsOf] = useState(() => (params.asOf && isIsoDate(params.asOf) ? params.asOf : todayIso()));
  const [tab, setTab] = useState<TabId>('merge');
  const [visited, setVisited] = useState<ReadonlySet<TabId>>(() => new Set(['merge']));
  const request = useRef(0);
  /** The list document of the last file, and whether its columns are being mapped. */
  const [listDoc, setListDoc] = useState<{ doc: ListDocument; name: string } | null>(null);
  const [mapper, setMapper] = useState<{ reason?: string } | null>(null);

  /** Pasted text: read in the worker; a pasted table whose columns were not recognised opens the mapping. */
  /** Whether a document has a table to map (without loading the importer into the first screen). */
  const hasTables = (doc: ListDocument | undefined): doc is ListDocument => !!doc?.blocks.some((b) => b.kind === 'table');

  const loadText = async (text: string) => {
    const n = ++request.current;
    setLoading(true);
    setCatalogError(null);
    setMapper(null);
    try {
      const r = await workerClient.call('catalog', { kind: 'text', text });
      if (n !== request.current) return;
      setListDoc(null);
      setInfo(r);
      setSelected(CUSTOM);
      setCustomLabel(`粘贴的清单：${r.catalog.source.title || '任务清单'}`);
    } catch (e) {
      if (n !== request.current) return;
      const { textDocument } = await import(/* webpackChunkName: "column-mapper" */ '../../core/import/textSource');
      const doc = textDocument(text);
      if (hasTables(doc)) {
        setListDoc({ doc, name: '粘贴的清单' });
        setMapper({ reason: errorMessage(e) });
      } else setCatalogError(errorMessage(e));
    } finally {
      if (n === request.current) setLoading(false);
    }
  };

  const loadFile = async (file: File) => {
    const n = ++request.current;
    setLoading(true);
    setCatalogError(null);
    setMapper(null);
    try {
      const r = await workerClient.call('listFile', { file });
      if (n !== request.current) return;
      setListDoc(hasTables(r.doc) ? { doc: r.doc, name: file.name } : null);
      if (r.info) {
        setInfo(r.info);
        setSelected(CUSTOM);
        setCustomLabel(`${file.name}：${r.info.catalog.source.title || '任务清单'}`);
      } else if (hasTables(r.doc)) setMapper({ reason: r.error });
      else setCatalogError(r.error ?? '无法读取此文件');
    } catch (e) {
      if (n === request.current) setCatalogError(errorMessage(e));
    } finally {
      if (n === request.current) setLoading(false);
    }
  };

  const load = async (req: CatalogRequest, select: string, label: string | null) => {
    const n = ++request.current;
    setLoading(true);
    setCatalogError(null);
    try {
      const r = await workerClient.call('catalog', req);
      if (n !== request.current) return;
      setInfo(r);
      setSelected(select);
      if (select === CUSTOM)
        setCustomLabel(label ? `${label}：${r.catalog.source.title || '任务清单'}` : r.catalog.source.title || '已导入的任务清单');
    } catch (e) {
      if (n === request.current) setCatalogError(errorMessage(e));
    } finally {
      if (n === request.current) setLoading(false);
    }
  };

  useEffect(() => {
    const problems: string[] = [];
    if (params.period && !parsePeriod(params.period)) problems.push(`链接中的报告期“${params.period}”无法识别，已改用本季度`);
    if (params.asOf && !isIsoDate(params.asOf)) problems.push(`链接中的日期“${params.asOf}”格式应为 YYYY-MM-DD，已改用今天`);
    workerClient.call('seeds', {}).then(
      (list) => {
        setSeeds(list);
        if (params.catalog) {
          if (list.some((s) => s.id === params.catalog)) void load({ kind: 'seed', id: params.catalog }, params.catalog, null);
          else problems.push(`链接中的任务清单“${params.catalog}”不是内置清单，请在下方选择`);
        }
        if (problems.length) setNotice(problems.join('；'));
      },
      (e: unknown) => setCatalogError(errorMessage(e)),
    );
    // The page is set up once, from the link it was opened with.
  }, []);

  // A file dropped beside a drop zone must not make the browser open it and lose the page's work.
  useEffect(() => {
    const stop = (e: DragEvent) => e.preventDefault();
    window.addEventListener('dragover', stop);
    window.addEventListener('drop', stop);
    return () => {
      window.removeEventListener('dragover', stop);
      window.removeEventListener('drop', stop);
    };
  }, []);

  const period = parsePeriod(periodText);
  const loadingTab = <Spinner size="tiny" label="正在载入…" labelPosition="after" />;
  const catalog = info?.catalog ?? null;

  return (
    <div className={styles.root}>
      {notice ? (
        <MessageBar intent="warning">
          <MessageBarBody>
            <MessageBarTitle>链接参数</MessageBarTitle>
            {notice}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <CatalogCard
        seeds={seeds}
        selected={selected}
        customLabel={customLabel}
        info={info}
        loading={loading}
        period={periodText}
        asOf={asOf}
        onSeed={(id) => void load({ kind: 'seed', id }, id, null)}
        onFile={(file) => void loadFile(file)}
        onRemap={listDoc && !mapper ? () => setMapper({}) : undefined}
        onText={(text) => void loadText(text)}
        onPeriod={setPeriodText}
        onAsOf={(v) => setAsOf(v)}
      />
      <ErrorBar title="任务清单无法使用" message={catalogError} onDismiss={() => setCatalogError(null)} />
      {mapper && listDoc ? (
        <Suspense fallback={<Spinner size="tiny" label="正在载入…" labelPosition="after" />}>
          <ColumnMapper
            doc={listDoc.doc}
            reason={mapper.reason}
            initial={info?.catalog.mapping}
            onCancel={() => setMapper(null)}
            onImport={(r) => {
              setInfo({ catalog: r.catalog, warnings: r.warnings, layout: r.layout });
              setSelected(CUSTOM);
              setCustomLabel(`${listDoc.name}：${r.catalog.source.title || '任务清单'}`);
              setMapper(null);
            }}
          />
        </Suspense>
      ) : null}

      <TabList
        className={styles.tabs}
        selectedValue={tab}
        onTabSelect={(_, d) => {
          const id = d.value as TabId;
          setTab(id);
          setVisited((v) => new Set([...v, id]));
        }}
        aria-label="功能"
      >
        {TABS.map((t) => (
          <Tab key={t.id} id={`tab-${t.id}`} value={t.id} aria-controls={`panel-${t.id}`}>
            {t.label}
          </Tab>
        ))}
      </TabList>
      {/* Panels stay mounted so picked files and results survive switching tabs. */}
      <div id="panel-merge" role="tabpanel" aria-labelledby="tab-merge" hidden={tab !== 'merge'}>
        <MergeTab catalog={catalog} period={period} asOf={isIsoDate(asOf) ? asOf : todayIso()} />
      </div>
      <div id="panel-check" role="tabpanel" aria-labelledby="tab-check" hidden={tab !== 'check'}>
        {visited.has('check') ? (
          <Suspense fallback={loadingTab}>
            <CheckTab catalog={catalog} period={period} asOf={isIsoDate(asOf) ? asOf : todayIso()} />
          </Suspense>
        ) : null}
      </div>
      <div id="panel-template" role="tabpanel" aria-labelledby="tab-template" hidden={tab !== 'template'}>
        {visited.has('template') ? (
          <Suspense fallback={loadingTab}>
            <TemplateTab catalog={catalog} period={period} onCatalog={(c) => setInfo((i) => (i ? { ...i, catalog: c } : i))} />
          </Suspense>
        ) : null}
      </div>
      <div id="panel-ledger" role="tabpanel" aria-labelledby="tab-ledger" hidden={tab !== 'ledger'}>
        {visited.has('ledger') ? (
          <Suspense fallback={loadingTab}>
            <LedgerTab />
          </Suspense>
        ) : null}
      </div>
    </div>
  );
}
