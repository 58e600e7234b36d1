/**
 * The 汇总 dashboard of both doors, after a merge: the outcome, the units by status (each a filter),
 * the unit table (sortable, searchable), a unit's findings with their cells, the completion picture
 * (loaded on its own: the chart library is not first-screen code), 催报, the marked-up copies, and
 * the reconciliation of rows read and written as one quiet line. Host-agnostic: the merge's plain
 * data in; what the door does (save, show a cell, copies) through the host.
 */
import { lazy, Suspense, useMemo, useState } from 'react';
import {
  Button,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  SearchBox,
  Spinner,
  Text,
  ToggleButton,
  tokens,
} from '@fluentui/react-components';
import type { Catalog } from '../../core/catalog';
import { mergeOutcome } from '../../core/consolidation';
import { PROBLEMS_LABEL, UNIT_STATE_LABELS, type DashboardUnit, type UnitState } from '../../core/dashboard';
import { parsePeriod, periodLabel, type Period } from '../../core/period';
import { countByCode, FINDING_LABELS, type FindingCode } from '../../core/finding';

function periodWords(code: string): string {
  const p = parsePeriod(code);
  return p ? periodLabel(p) : code;
}
import { useHost } from '../hosts/context';
import type { MergeDone } from '../hosts/types';
import { ErrorBar, errorMessage } from '../shared';
import { searchUnits, unitIndex } from '../unitSearch';
import { FeedbackPanel } from './FeedbackPanel';
import { RemindPanel } from './RemindPanel';
import { UnitDetails } from './UnitDetails';
import { UnitTable } from './UnitTable';

const CompletionChart = lazy(() => import(/* webpackChunkName: "chart" */ './CompletionChart'));

export type UnitFilter = 'all' | UnitState | 'problems';

const FILTERS: Array<{ id: UnitFilter; label: string }> = [
  { id: 'all', label: '全部' },
  { id: 'on-time', label: UNIT_STATE_LABELS['on-time'] },
  { id: 'late', label: UNIT_STATE_LABELS.late },
  { id: 'missing', label: UNIT_STATE_LABELS.missing },
  { id: 'wrong-period', label: UNIT_STATE_LABELS['wrong-period'] },
  { id: 'blank', label: UNIT_STATE_LABELS.blank },
  { id: 'problems', label: PROBLEMS_LABEL },
];

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  filters: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS },
  count: { fontWeight: tokens.fontWeightSemibold, marginLeft: tokens.spacingHorizontalXS },
  tools: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  search: { flexGrow: 1, minWidth: '160px', maxWidth: '320px' },
  quiet: { color: tokens.colorNeutralForeground3 },
  // The unit's findings beside the table at desktop widths, under it in the pane.
  split: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr)',
    gap: tokens.spacingHorizontalL,
    alignItems: 'start',
    '@media (min-width: 1400px)': { gridTemplateColumns: 'minmax(0, 3fr) minmax(280px, 2fr)' },
  },
});

export default function MergeDashboard(props: { done: MergeDone; catalog: Catalog; period: Period; asOf: string; files: File[] }) {
  const styles = useStyles();
  const host = useHost();
  const { done } = props;
  const { dashboard, summary } = done;
  const [filter, setFilter] = useState<UnitFilter>('all');
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const outcome = mergeOutcome(summary);
  const index = useMemo(
    () =>
      unitIndex(
        dashboard.units.map((u) => u.unit),
        props.catalog.units,
      ),
    [dashboard, props.catalog],
  );

  const count = (f: UnitFilter) => (f === 'all' ? dashboard.units.length : f === 'problems' ? dashboard.withProblems : dashboard.states[f]);
  const matches = (u: DashboardUnit) => filter === 'all' || (filter === 'problems' ? u.problems > 0 : u.state === filter);
  const found = useMemo(() => (query.trim() ? new Set(searchUnits(index, query)) : null), [index, query]);
  const shown = dashboard.units.filter((u) => matches(u) && (!found || found.has(u.unit)));
  const unit = dashboard.units.find((u) => u.unit === open) ?? null;

  const save = async () => {
    setSaving(true);
    setError(null);
    setNotice(null);
    try {
      setNotice(await host.saveMerged(done));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  const { reconciliation: r } = dashboard;
  const kinds = Object.entries(countByCode(summary.files.flatMap((f) => f.findings))) as Array<[FindingCode, number]>;

  return (
    <div className={styles.root} role="region" aria-label="汇总结果" data-testid="merge-summary">
      <MessageBar intent={outcome.intent} layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{host.kind === 'excel' ? outcome.title.replace(/^汇总完成/, '已写入汇总表') : outcome.title}</MessageBarTitle>
          {summary.totals.files} 个文件，{dashboard.units.length} 个单位，用时 {(done.ms / 1000).toFixed(1)} 秒。
        </MessageBarBody>
      </MessageBar>
      <div className={styles.tools}>
        <Button appearance="primary" disabled={saving} onClick={() => void save()}>
          {host.words.saveMerged}
        </Button>
        {saving ? <Spinner size="tiny" /> : null}
        <Text size={200} className={styles.quiet}>
          {done.fileName}：{done.sheets.join('、')}
          {summary.previous ? `（已与${periodWords(summary.previous.period)}比对工作进展）` : ''}
        </Text>
      </div>
      {notice ? (
        <Text size={200} role="status" data-testid="merge-notice">
          {notice}
        </Text>
      ) : null}
      <ErrorBar title="保存失败" message={error} onDismiss={() => setError(null)} />

      <div className={styles.filters} role="group" aria-label="按报送情况筛选" data-testid="unit-filters">
        {FILTERS.filter((f) => f.id === 'all' || count(f.id) > 0 || f.id === 'missing' || f.id === 'late').map((f) => (
          <ToggleButton
            key={f.id}
            size="small"
            shape="circular"
            checked={filter === f.id}
            appearance={filter === f.id ? 'primary' : 'secondary'}
            onClick={() => setFilter(filter === f.id && f.id !== 'all' ? 'all' : f.id)}
            data-filter={f.id}
          >
            {f.label}
            <span className={styles.count} data-testid={`units-${f.id}`}>
              {count(f.id)}
            </span>
          </ToggleButton>
        ))}
      </div>
      <div className={styles.tools}>
        <SearchBox
          className={styles.search}
          size="small"
          placeholder="查找单位（名称、简称或拼音首字母）"
          value={query}
          onChange={(_, d) => setQuery(d.value)}
          aria-label="查找单位"
          id="unit-search"
        />
        <Text size={200} className={styles.quiet} data-testid="units-shown">
          显示 {shown.length} / {dashboard.units.length} 个单位
        </Text>
      </div>
      <div className={styles.split}>
        <UnitTable units={shown} open={open} onOpen={(u) => setOpen(open === u ? null : u)} />
        {unit ? <UnitDetails unit={unit} onClose={() => setOpen(null)} /> : null}
      </div>
      {kinds.length ? (
        <Text size={200} data-testid="merge-findings">
          问题：{kinds.map(([code, n]) => `${FINDING_LABELS[code]} ${n}`).join('，')}
        </Text>
      ) : null}
      <Text size={200} className={styles.quiet} data-testid="reconciliation">
        核对：文件 {r.files} 个，数据行读取 {r.rowsRead} 行、写入汇总表 {r.rowsWritten} 行{r.consistent ? '，一致' : '，不一致，请检查'}
        {dashboard.notCounted.length
          ? `；未计入的文件 ${dashboard.notCounted.length} 个：${dashboard.notCounted.map((f) => `${f.file}（${f.label}）`).join('、')}`
          : ''}
        。
      </Text>

      <Suspense fallback={<Spinner size="tiny" label="正在绘制完成情况…" labelPosition="after" />}>
        <CompletionChart dashboard={dashboard} units={shown} />
      </Suspense>

      <RemindPanel summary={summary} catalog={props.catalog} period={props.period} asOf={props.asOf} previousUnits={done.previousUnits} />

      <FeedbackPanel
        items={done.feedback.map((c) => ({ unit: c.unit, fileName: c.fileName, problems: c.findings.length }))}
        allLabel={host.words.feedbackAll}
        onAll={() => host.feedbackAll(done, props.files)}
        oneLabel={host.words.feedbackOne}
        onOne={host.feedbackOne ? (i) => host.feedbackOne?.(done, done.feedback[i], props.files) ?? Promise.resolve() : undefined}
      />
    </div>
  );
}
