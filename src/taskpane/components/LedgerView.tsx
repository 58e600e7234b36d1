/**
 * The 台账 as the pane and the web page show it: what it covers, the status changes, the stalled
 * tasks, the units late or missing twice, completion per period and where the list changed, with
 * one button to save the workbook (download on the page, a new workbook in Excel). Host-agnostic:
 * plain data and a callback.
 */
import {
  Button,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import type { Ledger } from '../../core/ledger';
import { UNIT_STATUS_LABELS } from '../../core/consolidation';
import { Stat, useWebStyles } from '../shared';

const SHOWN = 12;

function more(n: number): string {
  return n > SHOWN ? `等共 ${n} 项` : '';
}

export function LedgerView(props: { ledger: Ledger; fileName: string; saveLabel: string; saving?: boolean; onSave: () => void }) {
  const s = useWebStyles();
  const { ledger } = props;
  const ps = ledger.periods;
  const label = (i: number) => ps[i]?.label ?? '';
  const forward = ledger.transitions.filter((t) => t.direction === 'forward').length;
  const back = ledger.transitions.filter((t) => t.direction === 'back').length;
  return (
    <div className={s.section} role="region" aria-label="台账" data-testid="ledger-summary">
      <MessageBar intent="success">
        <MessageBarBody>
          <MessageBarTitle>台账已生成</MessageBarTitle>
          {ledger.catalogTitle ? `《${ledger.catalogTitle}》` : ''}
          {ps.map((p) => p.label).join('、')}（共 {ps.length} 期），单位任务 {ledger.rows.length} 行。
        </MessageBarBody>
      </MessageBar>
      <div className={s.stats}>
        <Stat label="状态变化" value={ledger.transitions.length} testId="ledger-transitions" />
        <Stat label="推进 / 倒退" value={`${forward} / ${back}`} testId="ledger-directions" />
        <Stat label="停滞任务" value={ledger.stalls.length} testId="ledger-stall-count" />
        <Stat label="多次逾期或未报" value={ledger.lateUnits.length} testId="ledger-late-count" />
        <Stat label="清单变动" value={ledger.changes.length} testId="ledger-change-count" />
      </div>

      <div>
        <h3 className={s.heading}>各期完成情况</h3>
        <Table size="small" aria-label="各期完成情况" data-testid="ledger-completion">
          <TableHeader>
            <TableRow>
              {['报告期', '已完成', '推进中', '未启动', '未报', '完成率'].map((h) => (
                <TableHeaderCell key={h}>{h}</TableHeaderCell>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {ledger.completion.map((c, i) => (
              <TableRow key={c.period}>
                <TableCell>{label(i)}</TableCell>
                <TableCell>{c.done}</TableCell>
                <TableCell>{c.ongoing}</TableCell>
                <TableCell>{c.notStarted}</TableCell>
                <TableCell>{c.notReported}</TableCell>
                <TableCell>{c.total ? `${((c.done / c.total) * 100).toFixed(1)}%` : '—'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>

      <div>
        <h3 className={s.heading}>停滞任务（连续两期以上状态未变、进展雷同）</h3>
        {ledger.stalls.length ? (
          <ul className={s.list} data-testid="ledger-stalls">
            {ledger.stalls.slice(0, SHOWN).map((x) => (
              <li key={`${x.unit}|${x.taskId}|${x.stall.from}`}>
                {x.unit}：{x.title}（{label(x.stall.from)}至{label(x.stall.to)}，{x.stall.to - x.stall.from + 1} 期“
                {x.stall.status || '未标明'}”）
              </li>
            ))}
          </ul>
        ) : (
          <Text>没有停滞的任务。</Text>
        )}
        {more(ledger.stalls.length) ? <Text size={200}>{more(ledger.stalls.length)}，见台账“停滞任务”表。</Text> : null}
      </div>

      <div>
        <h3 className={s.heading}>两期以上逾期或未报的单位</h3>
        {ledger.lateUnits.length ? (
          <ul className={s.list} data-testid="ledger-late">
            {ledger.lateUnits.slice(0, SHOWN).map((u) => (
              <li key={u.unit}>
                {u.unit}：{u.statuses.map((st, i) => `${label(i)}${st ? UNIT_STATUS_LABELS[st] : '—'}`).join('，')}
              </li>
            ))}
          </ul>
        ) : (
          <Text>没有。</Text>
        )}
        {more(ledger.lateUnits.length) ? <Text size={200}>{more(ledger.lateUnits.length)}，见台账“逾期未报”表。</Text> : null}
      </div>

      {ledger.changes.length || ledger.notes.length ? (
        <div>
          <h3 className={s.heading}>清单变动与说明</h3>
          <ul className={s.list} data-testid="ledger-notes">
            {ledger.changes.slice(0, SHOWN).map((c) => (
              <li key={`${c.taskId}|${c.kind}|${c.at}`}>
                {c.taskId} {c.title}：
                {c.kind === 'renamed'
                  ? `${label(c.at)}名称改为“${c.after}”`
                  : c.kind === 'vanished'
                    ? `${label(c.at)}起清单中已无此任务`
                    : c.kind === 'added'
                      ? `${label(c.at)}新增`
                      : `${label(c.at)}起由${c.after}承担（原为${c.before}）`}
              </li>
            ))}
            {ledger.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </div>
      ) : null}

      <div className={s.row}>
        <Button appearance="primary" disabled={props.saving} onClick={props.onSave}>
          {props.saveLabel}
        </Button>
        {props.saving ? <Spinner size="tiny" /> : null}
        <Text size={200} className={s.muted}>
          {props.fileName}：台账、状态变化、停滞任务、逾期未报、完成情况（含图表）、清单变动
        </Text>
      </div>
    </div>
  );
}
