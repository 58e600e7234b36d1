/**
 * 检查: the engine's checks on the report in the open workbook; findings grouped by code and
 * counted; a finding's button selects its cell; 标记问题单元格 fills the cells, 清除标记 puts back
 * exactly what was there.
 */
import { useState } from 'react';
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Badge,
  Button,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
} from '@fluentui/react-components';
import { checkReturn, type CheckedReturn } from '../../core/checks';
import { FINDING_LABELS, type Finding, type FindingCode } from '../../core/finding';
import { parsePeriod, periodLabel, type Period } from '../../core/period';
import { readReturn } from '../../core/returnReader';
import { ErrorBar, errorMessage, isIsoDate, useWebStyles } from '../web/shared';
import { useAdapter } from './adapter';
import type { CurrentCatalog } from './catalogs';
import { AsOfField, PeriodField, usePaneStyles } from './fields';

const SEVERITY: Record<Finding['severity'], { label: string; color: 'danger' | 'warning' | 'informative' }> = {
  error: { label: '错误', color: 'danger' },
  warning: { label: '提醒', color: 'warning' },
  info: { label: '说明', color: 'informative' },
};

/** Findings by code, in the order of the codes' list (errors of one kind together). */
export function groupFindings(findings: Finding[]): Array<[FindingCode, Finding[]]> {
  const order = Object.keys(FINDING_LABELS) as FindingCode[];
  const groups = new Map<FindingCode, Finding[]>();
  for (const f of findings) groups.set(f.code, [...(groups.get(f.code) ?? []), f]);
  return [...groups.entries()].sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
}

type Result = { kind: 'checked'; checked: CheckedReturn; period: Period } | { kind: 'not-a-report'; message: string };

export function CheckTab(props: {
  current: CurrentCatalog | null;
  period: Period | null;
  periodText: string;
  onPeriod: (v: string) => void;
  today: string;
}) {
  const s = useWebStyles();
  const p = usePaneStyles();
  const adapter = useAdapter();
  const [asOf, setAsOf] = useState(props.today);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const catalog = props.current?.catalog ?? null;

  const run = async () => {
    if (!catalog) return;
    setBusy('正在检查…');
    setError(null);
    setInfo(null);
    setResult(null);
    try {
      const book = await adapter.readUsedRanges();
      // Sheets too large to read with the others (Excel's response and cell limits) are named, not fatal.
      const left = (book.skipped ?? []).map((x) => `“${x.name}”（${x.cells} 个单元格）`);
      if (left.length) setInfo(`以下工作表过大，检查时未读取：${left.join('、')}`);
      const read = readReturn(book);
      if (!read.ok) {
        setResult({ kind: 'not-a-report', message: read.finding.message });
        return;
      }
      const report = read.report;
      // The template's own period wins over the field: a Q2 sheet is checked as Q2.
      const period = (report.meta.period ? parsePeriod(report.meta.period) : null) ?? props.period;
      if (!period) throw new Error('请填写正确的报告期');
      const checked = checkReturn(report, {
        catalog,
        period,
        asOf: isIsoDate(asOf) ? asOf : props.today,
      });
      setResult({ kind: 'checked', checked, period });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const act = async (label: string, f: () => Promise<string>) => {
    setBusy(label);
    setError(null);
    try {
      setInfo(await f());
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const findings = result?.kind === 'checked' ? result.checked.findings : [];
  const located = findings.filter((f): f is Finding & { sheet: string; cell: string } => !!f.sheet && !!f.cell);
  const errors = findings.filter((f) => f.severity === 'error').length;

  return (
    <section className={s.section} aria-label="检查">
      <Text>按单位的任务核对当前工作簿中的填报表：缺报、逾期、未填写进展、填报人和电话等。</Text>
      <PeriodField id="check-period" value={props.periodText} onChange={props.onPeriod} />
      <AsOfField id="check-asof" value={asOf} onChange={setAsOf} />
      <div className={s.row}>
        <Button appearance="primary" disabled={!catalog || !!busy} onClick={() => void run()}>
          检查
        </Button>
        {busy ? <Spinner size="tiny" label={busy} labelPosition="after" /> : null}
      </div>
      <ErrorBar title="检查失败" message={error} onDismiss={() => setError(null)} />

      {result?.kind === 'not-a-report' ? (
        <MessageBar intent="warning">
          <MessageBarBody>
            <MessageBarTitle>未找到填报表</MessageBarTitle>
            {result.message}。可先在“填报”页生成填报表。
          </MessageBarBody>
        </MessageBar>
      ) : null}

      {result?.kind === 'checked' ? (
        <div className={s.section} role="region" aria-label="检查结果" data-testid="check-result">
          <Text size={200} className={s.breakAll}>
            “{result.checked.report.sheet}”：{result.checked.unit ?? '单位未识别'}，{periodLabel(result.period)}，
            {result.checked.rows.length} 行
          </Text>
          {findings.length === 0 ? (
            <MessageBar intent="success">
              <MessageBarBody>
                <MessageBarTitle>未发现问题</MessageBarTitle>
                此表可以报送。
              </MessageBarBody>
            </MessageBar>
          ) : (
            <MessageBar intent={errors ? 'error' : 'warning'}>
              <MessageBarBody>
                <MessageBarTitle>发现问题 {findings.length} 条</MessageBarTitle>
                错误 {errors} 条，提醒 {findings.length - errors} 条。点击问题可定位到单元格。
              </MessageBarBody>
            </MessageBar>
          )}
          {findings.length ? (
            <Accordion multiple collapsible defaultOpenItems={groupFindings(findings).map(([code]) => code)} data-testid="check-groups">
              {groupFindings(findings).map(([code, list]) => (
                <AccordionItem key={code} value={code}>
                  <AccordionHeader size="small">
                    <Badge appearance="tint" color={SEVERITY[list[0].severity].color}>
                      {SEVERITY[list[0].severity].label}
                    </Badge>
                    &nbsp;{FINDING_LABELS[code]}&nbsp;
                    <span data-testid={`count-${code}`}>{list.length}</span>&nbsp;条
                  </AccordionHeader>
                  <AccordionPanel>
                    <ul className={s.list} style={{ listStyle: 'none', paddingLeft: 0 }}>
                      {list.map((f, i) => (
                        <li key={i}>
                          {f.sheet && f.cell ? (
                            <Button
                              appearance="subtle"
                              size="small"
                              className={p.finding}
                              title={`定位到 ${f.sheet}!${f.cell}`}
                              onClick={() =>
                                void act('正在定位…', async () => (await adapter.selectCell(f.sheet as string, f.cell as string), ''))
                              }
                            >
                              <span className={p.cell}>{f.cell}</span>
                              <span className={p.grow}>{f.message}</span>
                            </Button>
                          ) : (
                            <Text size={200}>{f.message}</Text>
                          )}
                        </li>
                      ))}
                    </ul>
                  </AccordionPanel>
                </AccordionItem>
              ))}
            </Accordion>
          ) : null}
        </div>
      ) : null}
      <div className={s.row}>
        <Button
          disabled={!located.length || !!busy}
          onClick={() =>
            void act('正在标记…', async () => {
              const r = await adapter.markCells(located.map((f) => ({ sheet: f.sheet, cell: f.cell })));
              return [`已标记 ${r.marked} 个单元格`, ...r.notes].join('；');
            })
          }
        >
          标记问题单元格
        </Button>
        <Button
          disabled={!!busy}
          onClick={() =>
            void act('正在清除…', async () => {
              const r = await adapter.clearMarks();
              return [r.marked ? `已清除 ${r.marked} 处标记` : '没有需要清除的标记', ...r.notes].join('；');
            })
          }
        >
          清除标记
        </Button>
      </div>
      {info ? (
        <Text size={200} role="status">
          {info}
        </Text>
      ) : null}
    </section>
  );
}
