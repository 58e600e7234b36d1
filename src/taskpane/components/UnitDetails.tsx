/**
 * One unit of a 汇总, opened from the unit table: its status, file and time, its tasks by status,
 * and each finding in words with where it is (the return's sheet and cell); in Excel a finding's
 * button selects where the 汇总 just written shows it (the unit's row of the task in 汇总, else
 * the finding's row in 问题清单).
 */
import { useState } from 'react';
import { Badge, Button, Card, makeStyles, Text, tokens } from '@fluentui/react-components';
import { PROBLEMS_LABEL, submittedText, TASK_STATE_LABELS, TASK_STATES, UNIT_STATE_LABELS, type DashboardUnit } from '../../core/dashboard';
import { useHost } from '../hosts/context';
import { ErrorBar, errorMessage, SEVERITY_BADGES, useFindingStyles } from '../shared';
import { STATE_COLORS } from './UnitTable';

const useStyles = makeStyles({
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  head: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  grow: { flexGrow: 1 },
  muted: { color: tokens.colorNeutralForeground3 },
  finding: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, paddingBottom: tokens.spacingVerticalXS },
  where: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
});

export function UnitDetails({ unit, onClose }: { unit: DashboardUnit; onClose: () => void }) {
  const styles = useStyles();
  const f = useFindingStyles();
  const host = useHost();
  const [error, setError] = useState<string | null>(null);
  const tasks = TASK_STATES.filter((k) => unit.tasks[k] > 0)
    .map((k) => `${TASK_STATE_LABELS[k]} ${unit.tasks[k]}`)
    .join('，');
  const show = async (sheet: string, cell: string) => {
    setError(null);
    try {
      await host.showInWorkbook?.(sheet, cell);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Card className={styles.card} role="region" aria-label={`${unit.unit}的问题`} data-testid="unit-details">
      <div className={styles.head}>
        <Text weight="semibold" size={400} className={styles.grow}>
          {unit.unit}
        </Text>
        <Badge appearance="tint" color={STATE_COLORS[unit.state]}>
          {UNIT_STATE_LABELS[unit.state]}
        </Badge>
        {unit.problems ? (
          <Badge appearance="outline" color="danger">
            {PROBLEMS_LABEL} {unit.problems}
          </Badge>
        ) : null}
        <Button size="small" appearance="subtle" onClick={onClose} aria-label="收起">
          收起
        </Button>
      </div>
      <Text size={200} className={styles.muted}>
        {unit.file ? `${unit.file}${unit.submittedAt ? `，${submittedText(unit.submittedAt)}报送` : ''}，${unit.rows} 行` : '未收到报表'}
        {tasks ? `；任务：${tasks}` : ''}
      </Text>
      {unit.note ? <Text size={200}>{unit.note}</Text> : null}
      {unit.findings.length ? (
        <ul className={f.list} data-testid="unit-findings">
          {unit.findings.map((x, i) => (
            <li key={i} className={styles.finding} data-code={x.code}>
              <span className={styles.where}>
                <Badge size="small" appearance="tint" color={SEVERITY_BADGES[x.severity].color}>
                  {SEVERITY_BADGES[x.severity].label}
                </Badge>
                <Text size={200} weight="semibold">
                  {x.label}
                </Text>
                {x.cell ? (
                  <Text size={200} className={f.cell}>
                    {x.sheet ? `${x.sheet}!` : ''}
                    {x.cell}
                  </Text>
                ) : null}
                {host.showInWorkbook && x.place ? (
                  <Button
                    size="small"
                    appearance="transparent"
                    title={`在当前工作簿中定位到 ${x.place.sheet}!${x.place.cell}`}
                    onClick={() => void show(x.place?.sheet ?? '', x.place?.cell ?? '')}
                  >
                    在{x.place.sheet}表中查看
                  </Button>
                ) : null}
              </span>
              <Text size={200}>
                {x.task ? `${x.task}：` : ''}
                {x.message}
              </Text>
              {x.file !== unit.file ? (
                <Text size={100} className={styles.muted}>
                  文件：{x.file}
                </Text>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <Text size={200}>{unit.file ? '未发现问题。' : '没有报表，未作检查。'}</Text>
      )}
      <ErrorBar title="定位失败" message={error} onDismiss={() => setError(null)} />
    </Card>
  );
}
