/**
 * 检查: one return checked against its unit's assignment; findings grouped by code with the cell
 * they point at, and 下载标注副本 for a copy with the problem cells marked.
 */
import { useEffect, useState } from 'react';
import { Badge, Button, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Text } from '@fluentui/react-components';
import type { Catalog } from '../../core/catalog';
import { FINDING_LABELS, type Finding, type FindingCode } from '../../core/finding';
import { periodLabel, type Period } from '../../core/period';
import type { CheckResult } from './protocol';
import { downloadBytes, ErrorBar, errorMessage, FilePicker, useWebStyles } from './shared';
import { workerClient } from './workerClient';

const SEVERITY: Record<Finding['severity'], { label: string; color: 'danger' | 'warning' | 'informative' }> = {
  error: { label: '错误', color: 'danger' },
  warning: { label: '提醒', color: 'warning' },
  info: { label: '说明', color: 'informative' },
};

function grouped(findings: Finding[]): Array<[FindingCode, Finding[]]> {
  const order = Object.keys(FINDING_LABELS) as FindingCode[];
  const groups = new Map<FindingCode, Finding[]>();
  for (const f of findings) groups.set(f.code, [...(groups.get(f.code) ?? []), f]);
  return [...groups.entries()].sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
}

export function CheckTab({ catalog, period, asOf }: { catalog: Catalog | null; period: Period | null; asOf: string }) {
  const s = useWebStyles();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [result, setResult] = useState<CheckResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (f: File | null) => {
    setResult(null);
    setError(null);
    if (!f || !catalog || !period) return;
    setBusy('正在检查…');
    try {
      setResult(await workerClient.call('check', { file: f, catalog, period: period.code, asOf }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  // Re-check when the catalog, period or date changes.
  useEffect(() => {
    void run(file);
  }, [catalog, period?.code, asOf]);

  const annotate = async () => {
    if (!file || !result) return;
    setBusy('正在生成标注副本…');
    setError(null);
    try {
      const r = await workerClient.call('annotate', { file, findings: result.findings });
      downloadBytes(r.bytes, r.fileName);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const errors = result?.findings.filter((f) => f.severity === 'error').length ?? 0;
  const warnings = result?.findings.filter((f) => f.severity === 'warning').length ?? 0;

  return (
    <section className={s.section} aria-label="检查">
      <Text>选择一个单位报回的进度表，按{period ? periodLabel(period) : '报告期'}检查缺报、逾期、未填等问题。</Text>
      <FilePicker
        id="check-file"
        label="选择报表文件"
        accept=".xlsx,.xls,.et"
        disabled={!!busy || !catalog || !period}
        onFiles={(files) => {
          setFile(files[0]);
          void run(files[0]);
        }}
      />
      {!catalog ? <Text size={200}>请先在上方选择任务清单</Text> : null}
      {busy ? <Spinner size="tiny" label={busy} labelPosition="after" /> : null}
      <ErrorBar title="检查失败" message={error} onDismiss={() => setError(null)} />

      {result ? (
        <div className={s.section} role="region" aria-label="检查结果" data-testid="check-result">
          <Text weight="semibold" className={s.breakAll}>
            {result.file}
            {result.readable ? `：${result.unit ?? '单位未识别'}，${result.rows} 行` : ''}
          </Text>
          {!result.readable ? (
            <MessageBar intent="error">
              <MessageBarBody>
                <MessageBarTitle>无法检查此文件</MessageBarTitle>
                {result.findings[0]?.message}
              </MessageBarBody>
            </MessageBar>
          ) : result.findings.length === 0 ? (
            <MessageBar intent="success">
              <MessageBarBody>
                <MessageBarTitle>未发现问题</MessageBarTitle>
                此表可以报送。
              </MessageBarBody>
            </MessageBar>
          ) : (
            <MessageBar intent={errors ? 'error' : 'warning'}>
              <MessageBarBody>
                <MessageBarTitle>发现问题 {result.findings.length} 条</MessageBarTitle>
                错误 {errors} 条，提醒 {warnings} 条{errors ? '；错误须改正后再报送' : ''}。
              </MessageBarBody>
            </MessageBar>
          )}
          {result.readable && result.findings.length ? (
            <div data-testid="check-findings">
              {grouped(result.findings).map(([code, list]) => (
                <div key={code} className={s.section}>
                  <h3 className={s.heading} data-code={code}>
                    <Badge appearance="tint" color={SEVERITY[list[0].severity].color}>
                      {SEVERITY[list[0].severity].label}
                    </Badge>{' '}
                    {FINDING_LABELS[code]}（{code}）{list.length} 条
                  </h3>
                  <ul className={s.list}>
                    {list.map((f, i) => (
                      <li key={i}>
                        {f.cell ? <code>{`${f.sheet ? `${f.sheet}!` : ''}${f.cell}`}</code> : null} {f.message}
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
            </div>
          ) : null}
          {result.readable ? (
            <div className={s.row}>
              <Button appearance="primary" disabled={!!busy} onClick={() => void annotate()}>
                下载标注副本
              </Button>
              <Text size={200} className={s.muted}>
                有问题的单元格标红并加批注，另附“问题清单”工作表
              </Text>
            </div>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
