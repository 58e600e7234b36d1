/**
 * The completion picture of a 汇总: every unit's tasks by status (已完成 / 推进中 / 未启动 / 未写状态 /
 * 缺报 / 未报) as one stacked bar a unit, and the same over all units as a donut with the completion
 * rate inside. Drawn with @fluentui/react-charts (Fluent UI v9's chart library, on d3), which this
 * module alone imports: it is loaded after a merge, not with the first screen. The figures are also
 * written as text beside each bar, for screen readers and for paper.
 */
import { makeStyles, Text, tokens } from '@fluentui/react-components';
import { DonutChart, HorizontalBarChart, HorizontalBarChartVariant, type ChartProps } from '@fluentui/react-charts';
import { TASK_STATE_LABELS, TASK_STATES, type Dashboard, type DashboardUnit, type TaskCounts, type TaskState } from '../../core/dashboard';

/** One colour per status, the same in both charts and the legend (Fluent's palette). */
export const TASK_STATE_COLORS: Record<TaskState, string> = {
  done: '#107c10',
  ongoing: '#0f6cbd',
  'not-started': '#f7630c',
  unstated: '#8a8886',
  'missing-task': '#d13438',
  'not-submitted': '#603d30',
};

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  overall: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, alignItems: 'center' },
  // The donut sizes itself to its container once: a box of its own keeps it from keeping a wider page's width.
  donut: { width: '200px', height: '200px', flexShrink: 0, overflow: 'hidden' },
  words: { flexGrow: 1, flexBasis: '160px', minWidth: 0 },
  bars: { maxHeight: '520px', overflowY: 'auto', paddingRight: tokens.spacingHorizontalS },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3 },
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalM}`,
    margin: 0,
    padding: 0,
    listStyleType: 'none',
  },
  key: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, fontSize: tokens.fontSizeBase200 },
  swatch: { width: '12px', height: '12px', borderRadius: '2px', flexShrink: 0 },
});

function total(c: TaskCounts): number {
  return TASK_STATES.reduce((n, k) => n + c[k], 0);
}

function rate(c: TaskCounts): string {
  const n = total(c);
  return n ? `${Math.round((c.done / n) * 1000) / 10}%` : '—';
}

/** The segments of a unit's bar (no `data`: the bar chart would mark the first segment as a benchmark) or of the donut. */
function points(c: TaskCounts, donut = false) {
  const n = total(c);
  return TASK_STATES.filter((k) => c[k] > 0).map((k) => ({
    legend: TASK_STATE_LABELS[k],
    ...(donut ? { data: c[k] } : {}),
    horizontalBarChartdata: { x: c[k], total: n },
    color: TASK_STATE_COLORS[k],
    xAxisCalloutData: TASK_STATE_LABELS[k],
    yAxisCalloutData: `${c[k]} 项`,
  }));
}

export default function CompletionChart({ dashboard, units }: { dashboard: Dashboard; units: DashboardUnit[] }) {
  const styles = useStyles();
  const all = dashboard.tasks;
  const bars: ChartProps[] = units.filter((u) => total(u.tasks) > 0).map((u) => ({ chartTitle: u.unit, chartData: points(u.tasks) }));
  const words = TASK_STATES.filter((k) => all[k] > 0)
    .map((k) => `${TASK_STATE_LABELS[k]} ${all[k]}`)
    .join('，');
  return (
    <section className={styles.root} aria-label="完成情况" data-testid="completion">
      <h3 className={styles.heading}>完成情况</h3>
      <ul className={styles.legend} aria-label="图例">
        {TASK_STATES.filter((k) => all[k] > 0).map((k) => (
          <li key={k} className={styles.key}>
            <span className={styles.swatch} style={{ backgroundColor: TASK_STATE_COLORS[k] }} />
            {TASK_STATE_LABELS[k]}
          </li>
        ))}
      </ul>
      <div className={styles.overall}>
        <div className={styles.donut}>
          <DonutChart
            data={{ chartTitle: '全部单位的任务', chartData: points(all, true) }}
            innerRadius={48}
            width={200}
            height={200}
            hideLegend
            valueInsideDonut={rate(all)}
            culture="zh-CN"
          />
        </div>
        <Text size={200} className={styles.words} data-testid="completion-words">
          全部 {total(all)} 项单位任务：{words}；完成率 {rate(all)}。
        </Text>
      </div>
      <Text size={200} className={styles.muted}>
        各单位（随上方筛选）：
      </Text>
      <div className={styles.bars} data-testid="completion-bars">
        <HorizontalBarChart
          data={bars}
          variant={HorizontalBarChartVariant.PartToWhole}
          barHeight={14}
          culture="zh-CN"
          hideRatio={bars.map(() => true)}
        />
      </div>
    </section>
  );
}
