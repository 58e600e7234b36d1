/**
 * 汇总: pick the returned workbooks (or drop them), 开始汇总 reads each in the worker with its
 * status shown as it goes, then the summary, 下载汇总表 for the consolidation workbook, and the
 * marked-up copies for the units with something to correct as one zip.
 */
import { useEffect, useState } from 'react';
import { Badge, Button, Field, MessageBar, MessageBarBody, MessageBarTitle, ProgressBar, Text } from '@fluentui/react-components';
import type { Catalog } from '../../core/catalog';
import { FILE_STATUS_LABELS as FILE_STATUS, mergeOutcome, type FileStatus } from '../../core/consolidation';
import { countByCode, FINDING_LABELS, type FindingCode } from '../../core/finding';
import { periodLabel, type Period } from '../../core/period';
import { FILE_STATES as STATE, type FileState } from '../fileState';
import type { MergeResult, Progress } from './protocol';
import { downloadBytes, ErrorBar, errorMessage, FilePicker, useWebStyles, ZIP_MIME } from './shared';
import { FeedbackPanel } from '../components/FeedbackPanel';
import { workerClient } from './workerClient';
import { PreviousFile, usePreviousFile } from '../components/PreviousFile';

interface Row {
  file: File;
  state: FileState;
  message?: string;
}

export function MergeTab({ catalog, period, asOf }: { catalog: Catalog | null; period: Period | null; asOf: string }) {
  const s = useWebStyles();
  const [rows, setRows] = useState<Row[]>([]);
  const [running, setRunning] = useState(false);
  const [step, setStep] = useState<{ done: number; total: number; label: string } | null>(null);
  const [result, setResult] = useState<MergeResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const previous = usePreviousFile((file) => workerClient.call('consolidation', { file }));

  // A result belongs to the catalog, period, date and previous 汇总 it was made for.
  useEffect(() => setResult(null), [catalog, period?.code, asOf, previous.file]);

  const addFiles = (files: File[]) => {
    setResult(null);
    setError(null);
    setRows((old) => {
      const byName = new Map(old.map((r) => [r.file.name, r]));
      for (const f of files) byName.set(f.name, { file: f, state: 'waiting' });
      return [...byName.values()].sort((a, b) => (a.file.name < b.file.name ? -1 : a.file.name > b.file.name ? 1 : 0));
    });
  };

  const onProgress = (p: Progress) => {
    if (p.kind === 'file') {
      setRows((old) => old.map((r, i) => (i === p.index ? { ...r, state: p.state, message: p.message } : r)));
      if (p.state !== 'reading') setStep((st) => ({ done: (st?.done ?? 0) + 1, total: rows.length + 1, label: `已读取 ${p.file}` }));
    } else setStep({ done: p.done, total: p.total, label: p.label });
  };

  const start = async () => {
    if (!catalog || !period || !rows.length) return;
    setRunning(true);
    setResult(null);
    setError(null);
    setRows((old) => old.map((r) => ({ file: r.file, state: 'waiting' })));
    setStep({ done: 0, total: rows.length + 1, label: '开始读取…' });
    try {
      const r = await workerClient.call(
        'merge',
        {
          files: rows.map((x) => x.file),
          catalog,
          period: period.code,
          asOf,
          previous: previous.value ? (previous.file ?? undefined) : undefined,
        },
        onProgress,
      );
      setResult(r);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setRunning(false);
      setStep(null);
    }
  };

  const ready = !!catalog && !!period && rows.length > 0 && !running;
  const finished = rows.filter((r) => r.state !== 'waiting' && r.state !== 'reading').length;

  return (
    <section className={s.section} aria-label="汇总">
      <Text>选择各单位报回的进度表（可多选，也可拖入），按所选任务清单和{period ? periodLabel(period) : '报告期'}汇总为一个工作簿。</Text>
      <FilePicker id="merge-files" label="选择报表文件" accept=".xlsx,.xls,.et" multiple disabled={running} onFiles={addFiles} />
      <PreviousFile
        id="merge-previous"
        label="上期汇总表"
        hint="可选：与上期比对，工作进展照搬上期的行将提示“进展与上期雷同”"
        file={previous.file}
        info={previous.value ? `${previous.value.periodLabel}，${previous.value.units} 个单位` : null}
        error={previous.error}
        disabled={running}
        onFile={previous.pick}
      />

      {rows.length ? (
        <div className={s.row}>
          <Text weight="semibold">已选 {rows.length} 个文件</Text>
          <Button
            appearance="subtle"
            size="small"
            disabled={running}
            onClick={() => {
              setRows([]);
              setResult(null);
            }}
          >
            清空
          </Button>
        </div>
      ) : null}

      {rows.length ? (
        <div className={s.scroll}>
          <ul className={s.fileList} aria-label="文件读取状态" data-testid="merge-file-list">
            {rows.map((r) => (
              <li key={r.file.name} className={s.fileItem}>
                <Badge className={s.noShrink} appearance="tint" color={STATE[r.state].color}>
                  {STATE[r.state].label}
                </Badge>
                <Text size={200} className={s.breakAll}>
                  {r.file.name}
                  {r.message ? <span className={s.muted}>：{r.message}</span> : null}
                </Text>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {step ? (
        <Field validationMessage={step.label} validationState="none" label="进度">
          <ProgressBar value={Math.min(1, step.total ? Math.max(finished, step.done) / step.total : 0)} max={1} thickness="large" />
        </Field>
      ) : null}

      <div className={s.row}>
        <Button appearance="primary" disabled={!ready} onClick={() => void start()}>
          开始汇总
        </Button>
        {!catalog ? <Text size={200}>请先在上方选择任务清单</Text> : !period ? <Text size={200}>请填写正确的报告期</Text> : null}
      </div>

      <ErrorBar title="汇总失败" message={error} onDismiss={() => setError(null)} />
      {result ? <MergeSummaryView result={result} /> : null}
      {result && period ? (
        <FeedbackPanel
          items={result.feedback.map((c) => ({ unit: c.unit, fileName: c.fileName, problems: c.findings.length }))}
          allLabel="下载需更正的报表（zip）"
          onAll={async () => {
            const names = new Set(result.feedback.map((c) => c.file));
            const files = rows.map((r) => r.file).filter((f) => names.has(f.name));
            const zip = await workerClient.call('feedback', { files, copies: result.feedback, period: period.code });
            downloadBytes(zip.bytes, zip.fileName, ZIP_MIME);
          }}
        />
      ) : null}
    </section>
  );
}

function MergeSummaryView({ result }: { result: MergeResult }) {
  const s = useWebStyles();
  const { summary } = result;
  const units = (status: string) => summary.units.filter((u) => u.status === status);
  const files = (status: FileStatus) => summary.files.filter((f) => f.status === status).length;
  const counts = countByCode(result.findings);
  const { rowsRead, rowsWritten } = summary.totals;
  const problemFiles = summary.files.filter((f) => f.status !== 'ok');
  return (
    <div className={s.section} role="region" aria-label="汇总结果" data-testid="merge-summary">
      <MessageBar intent={mergeOutcome(summary).intent}>
        <MessageBarBody>
          <MessageBarTitle>{mergeOutcome(summary).title}</MessageBarTitle>
          {summary.totals.files} 个文件，用时 {(result.ms / 1000).toFixed(1)} 秒。
        </MessageBarBody>
      </MessageBar>
      <div className={s.stats}>
        <Stat label="按时报送" value={units('on-time').length} testId="units-on-time" />
        <Stat label="逾期报送" value={units('late').length} testId="units-late" />
        <Stat label="未报送" value={units('missing').length} testId="units-missing" />
        <Stat label="数据行（读取）" value={rowsRead} testId="rows-read" />
        <Stat label="数据行（写入）" value={rowsWritten} testId="rows-written" />
        <Stat label="问题" value={summary.totals.findings} testId="findings-total" />
      </div>
      {units('late').length ? (
        <Text>
          逾期：
          {units('late')
            .map((u) => u.unit)
            .join('、')}
        </Text>
      ) : null}
      {units('missing').length ? (
        <Text>
          未报送：
          {units('missing')
            .map((u) => u.unit)
            .join('、')}
        </Text>
      ) : null}
      <Text>
        文件 {summary.totals.files} 个：
        {(Object.keys(FILE_STATUS) as FileStatus[])
          .map((st) => [st, files(st)] as const)
          .filter(([, n]) => n > 0)
          .map(([st, n]) => `${FILE_STATUS[st]} ${n}`)
          .join('，')}
        ；数据行读取 {rowsRead}，写入 {rowsWritten}
        {rowsRead === rowsWritten ? '（一致）' : '（不一致！）'}
      </Text>
      {problemFiles.length ? (
        <div>
          <h3 className={s.heading}>未汇总的文件</h3>
          <ul className={s.list}>
            {problemFiles.map((f) => (
              <li key={f.file} className={s.breakAll}>
                {f.file}：{FILE_STATUS[f.status]}
                {f.findings[0] ? `（${f.findings[0].message}）` : ''}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div>
        <h3 className={s.heading}>问题分类</h3>
        {Object.keys(counts).length ? (
          <ul className={s.list} data-testid="merge-findings">
            {(Object.entries(counts) as Array<[FindingCode, number]>).map(([code, n]) => (
              <li key={code}>
                {FINDING_LABELS[code]}（{code}）：{n} 条
              </li>
            ))}
          </ul>
        ) : (
          <Text>未发现问题。</Text>
        )}
      </div>
      <div className={s.row}>
        <Button appearance="primary" onClick={() => downloadBytes(result.workbook, result.fileName)}>
          下载汇总表
        </Button>
        <Text size={200} className={s.muted}>
          {result.fileName}：{result.sheets.join('、')}
          {result.summary.previous ? `（已与${result.summary.previous.period}比对工作进展）` : ''}
        </Text>
      </div>
    </div>
  );
}

function Stat({ label, value, testId }: { label: string; value: number; testId: string }) {
  const s = useWebStyles();
  return (
    <div className={s.stat}>
      <Text size={200}>{label}</Text>
      <span className={s.statValue} data-testid={testId}>
        {value}
      </span>
    </div>
  );
}
