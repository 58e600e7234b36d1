/**
 * 检查: one return checked against its unit's assignment (the open workbook in Excel, a picked file
 * on the web page); findings grouped by kind, in words, each with its cell. In Excel a finding's
 * button selects its cell and 标记问题单元格 / 清除标记 mark the cells; on the web page 下载标注副本
 * downloads a copy with the cells marked.
 */
import { useEffect, useState } from 'react';
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
import { FINDING_LABELS, type Finding, type FindingCode } from '../../core/finding';
import { useHost } from '../hosts/context';
import type { CheckOutcome } from '../hosts/types';
import type { TabProps } from '../Shell';
import { ErrorBar, errorMessage, FilePicker, SEVERITY_BADGES, useFindingStyles, useWebStyles } from '../shared';

/** Findings by code, in the order of the codes' list (errors of one kind together). */
export function groupFindings(findings: Finding[]): Array<[FindingCode, Finding[]]> {
  const order = Object.keys(FINDING_LABELS) as FindingCode[];
  const groups = new Map<FindingCode, Finding[]>();
  for (const f of findings) groups.set(f.code, [...(groups.get(f.code) ?? []), f]);
  return [...groups.entries()].sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
}

export default function CheckTab(props: TabProps) {
  const s = useWebStyles();
  const p = useFindingStyles();
  const host = useHost();
  const { catalog, period, asOf } = props;
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<CheckOutcome | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const fromFile = host.checkSource === 'file';

  const run = async (f: File | null = file) => {
    setResult(null);
    setError(null);
    setInfo(null);
    if (!catalog || !period || (fromFile && !f)) return;
    setBusy('正在检查…');
    try {
      setResult(await host.check({ catalog, period: period.code, asOf, file: f ?? undefined }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  // A picked file is checked again when the catalog, period or date changes.
  useEffect(() => {
    if (fromFile && file) void run(file);
  }, [catalog, period?.code, asOf]);

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

  const findings = result?.kind === 'checked' ? result.findings : [];
  const located = findings.filter((f) => !!f.sheet && !!f.cell);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const why = !catalog ? '请先在“清单”中选择任务清单' : !period ? '请填写正确的报告期' : null;

  return (
    <section className={s.section} aria-label="检查">
      <Text>{host.words.checkIntro}</Text>
      {fromFile ? (
        <FilePicker
          id="check-file"
          label="选择报表文件"
          accept=".xlsx,.xls,.et"
          disabled={!!busy || !!why}
          onFiles={(files) => {
            setFile(files[0]);
            void run(files[0]);
          }}
        />
      ) : (
        <div className={s.row}>
          <Button appearance="primary" disabled={!!why || !!busy} onClick={() => void run()}>
            检查
          </Button>
        </div>
      )}
      {why ? <Text size={200}>{why}</Text> : null}
      {busy ? <Spinner size="tiny" label={busy} labelPosition="after" /> : null}
      <ErrorBar title="检查失败" message={error} onDismiss={() => setError(null)} />
      {result?.notes.length ? <Text size={200}>{result.notes.join('；')}</Text> : null}

      {result?.kind === 'not-a-report' ? (
        <MessageBar intent="warning" data-testid="check-result">
          <MessageBarBody>
            <MessageBarTitle>{fromFile ? '无法检查此文件' : '未找到填报表'}</MessageBarTitle>
            {result.message}
          </MessageBarBody>
        </MessageBar>
      ) : null}

      {result?.kind === 'checked' ? (
        <div className={s.section} role="region" aria-label="检查结果" data-testid="check-result">
          <Text size={200} weight="semibold" className={s.breakAll}>
            {result.source ? `${result.source}：` : ''}
            {result.unit ?? '单位未识别'}，{result.periodLabel}，{result.rows} 行
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
                错误 {errors} 条，提醒 {findings.length - errors} 条{errors ? '；错误须改正后再报送' : ''}。
                {host.selectCell ? '点击问题可定位到单元格。' : ''}
              </MessageBarBody>
            </MessageBar>
          )}
          {findings.length ? (
            <Accordion multiple collapsible defaultOpenItems={groupFindings(findings).map(([code]) => code)} data-testid="check-findings">
              {groupFindings(findings).map(([code, list]) => (
                <AccordionItem key={code} value={code}>
                  <AccordionHeader size="small" data-code={code}>
                    <Badge appearance="tint" color={SEVERITY_BADGES[list[0].severity].color}>
                      {SEVERITY_BADGES[list[0].severity].label}
                    </Badge>
                    &nbsp;{FINDING_LABELS[code]}&nbsp;
                    <span data-testid={`count-${code}`}>{list.length}</span>&nbsp;条
                  </AccordionHeader>
                  <AccordionPanel>
                    <ul className={p.list}>
                      {list.map((f, i) => (
                        <li key={i}>
                          {f.sheet && f.cell && host.selectCell ? (
                            <Button
                              appearance="subtle"
                              size="small"
                              className={p.finding}
                              title={`定位到 ${f.sheet}!${f.cell}`}
                              onClick={() =>
                                void act('正在定位…', async () => (await host.selectCell?.(f.sheet as string, f.cell as string), ''))
                              }
                            >
                              <span className={p.cell}>{f.cell}</span>
                              <span className={p.grow}>{f.message}</span>
                            </Button>
                          ) : (
                            <Text size={200}>
                              {f.cell ? <span className={p.cell}>{`${f.sheet ? `${f.sheet}!` : ''}${f.cell}`}</span> : null}
                              {f.message}
                            </Text>
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
      {host.markCells && host.clearMarks ? (
        <div className={s.row}>
          <Button
            disabled={!located.length || !!busy}
            onClick={() => void act('正在标记…', () => host.markCells?.(located) ?? Promise.resolve(''))}
          >
            标记问题单元格
          </Button>
          <Button disabled={!!busy} onClick={() => void act('正在清除…', () => host.clearMarks?.() ?? Promise.resolve(''))}>
            清除标记
          </Button>
        </div>
      ) : null}
      {fromFile && host.annotate && file && result?.kind === 'checked' ? (
        <div className={s.row}>
          <Button
            appearance="primary"
            disabled={!!busy}
            onClick={() => void act('正在生成标注副本…', () => host.annotate?.(file, findings) ?? Promise.resolve(''))}
          >
            下载标注副本
          </Button>
          <Text size={200} className={s.muted}>
            有问题的单元格标红并加批注，另附“问题清单”工作表
          </Text>
        </div>
      ) : null}
      {info ? (
        <Text size={200} role="status">
          {info}
        </Text>
      ) : null}
    </section>
  );
}
