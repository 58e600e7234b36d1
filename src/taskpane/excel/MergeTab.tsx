/**
 * 汇总 (the office): pick many returns (file dialog or drop), each read in turn with its status
 * shown, then the engine's consolidation written into the open workbook (汇总 / 报送情况 / 文件清单 /
 * 问题清单 / 按任务 / 完成情况, the last with its chart of completion by unit), atomically. 在新工作簿中打开 goes
 * through Excel.createWorkbook, since task-pane webviews do not reliably download files.
 */
import { useEffect, useState } from 'react';
import { Badge, Button, Field, MessageBar, MessageBarBody, MessageBarTitle, ProgressBar, Spinner, Text } from '@fluentui/react-components';
import {
  consolidate,
  FILE_STATUS_LABELS as FILE_STATUS,
  uniqueFileKeys,
  mergeOutcome,
  type Consolidation,
  type MergeInput,
} from '../../core/consolidation';
import { yearOutsideCatalog } from '../../core/catalog';
import { countByCode, FINDING_LABELS, type FindingCode } from '../../core/finding';
import { periodLabel, type Period } from '../../core/period';
import { downloadBytes, ErrorBar, errorMessage, FilePicker, isIsoDate, useWebStyles, ZIP_MIME } from '../web/shared';
import { FeedbackPanel } from '../components/FeedbackPanel';
import { feedbackCopies, type FeedbackCopy } from '../../core/feedback';
import { FILE_STATES as STATE, fileStateOf, type FileState } from '../fileState';
import { useAdapter } from './adapter';
import type { CurrentCatalog } from './catalogs';
import { AsOfField, PeriodField } from './fields';
import { feedbackWriter, xlsx } from '../xlsxModules';
import { fileBytes, readPickedConsolidation, readPickedReturn, toBase64 } from './returns';
import { previousProgress } from '../../core/copiedProgress';
import { PreviousFile, usePreviousFile } from '../components/PreviousFile';

interface Row {
  file: File;
  state: FileState;
  message?: string;
}

/** Lets the browser paint the progress between two files. */
const nextFrame = () => new Promise<void>((r) => setTimeout(r, 0));

export function MergeTab(props: {
  current: CurrentCatalog | null;
  period: Period | null;
  periodText: string;
  onPeriod: (v: string) => void;
  today: string;
}) {
  const s = useWebStyles();
  const adapter = useAdapter();
  const [asOf, setAsOf] = useState(props.today);
  const [rows, setRows] = useState<Row[]>([]);
  const [step, setStep] = useState<{ done: number; total: number; label: string } | null>(null);
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<{ consolidation: Consolidation; notes: string[]; asOf: string } | null>(null);
  const [opening, setOpening] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const catalog = props.current?.catalog ?? null;
  const previous = usePreviousFile(readPickedConsolidation);

  useEffect(() => setResult(null), [catalog, props.period?.code, asOf, previous.value]);

  const addFiles = (files: File[]) => {
    setResult(null);
    setError(null);
    setRows((old) => {
      const byName = new Map(old.map((r) => [r.file.name, r]));
      for (const f of files) byName.set(f.name, { file: f, state: 'waiting' });
      return [...byName.values()].sort((a, b) => (a.file.name < b.file.name ? -1 : a.file.name > b.file.name ? 1 : 0));
    });
  };

  const start = async () => {
    if (!catalog || !props.period || !rows.length) return;
    const period = props.period;
    const files = rows.map((r) => r.file);
    setRunning(true);
    setError(null);
    setResult(null);
    setRows(files.map((file) => ({ file, state: 'waiting' })));
    const total = files.length + 1;
    try {
      const outside = yearOutsideCatalog(catalog, period.year);
      if (outside) throw new Error(`报告期 ${period.code} 不可用：${outside}`);
      const inputs: MergeInput[] = [];
      const keys = uniqueFileKeys(files.map((f) => f.webkitRelativePath || f.name));
      for (const [i, file] of files.entries()) {
        setStep({ done: i, total, label: `正在读取 ${file.name}（${i + 1}/${files.length}）` });
        setRows((old) => old.map((r, k) => (k === i ? { ...r, state: 'reading' } : r)));
        await nextFrame();
        const input = await readPickedReturn(file, keys[i]);
        inputs.push(input);
        const st = fileStateOf(input);
        setRows((old) => old.map((r, k) => (k === i ? { ...r, ...st } : r)));
      }
      setStep({ done: files.length, total, label: '正在写入汇总表…' });
      await nextFrame();
      const day = isIsoDate(asOf) ? asOf : props.today;
      const consolidation = consolidate(inputs, {
        catalog,
        period,
        asOf: day,
        previous: previous.value ? previousProgress(previous.value, period) : undefined,
      });
      // The 完成情况 sheet carries its chart: the adapter draws it natively.
      const written = await adapter.writeSheets(
        consolidation.workbook.sheets,
        { replace: true },
        { activate: consolidation.workbook.sheets[0].name },
      );
      setResult({ consolidation, notes: written.notes, asOf: day });
      setStep({ done: total, total, label: '完成' });
    } catch (e) {
      setError(errorMessage(e));
      setStep(null);
    } finally {
      setRunning(false);
    }
  };

  const openNew = async () => {
    if (!result) return;
    setOpening(true);
    setError(null);
    setNotice(null);
    try {
      const { writeWorkbook } = await xlsx();
      const wb = result.consolidation.workbook;
      const bytes = await writeWorkbook(wb);
      if ((await adapter.openInNewWorkbook(toBase64(bytes))) === 'too-large') {
        // Excel on the web takes no file this large through Excel.createWorkbook; there the pane is a
        // browser page, and a download works.
        downloadBytes(bytes, `${wb.sheets[0].name}.xlsx`);
        setNotice(
          `文件较大（${(bytes.length / 1048576).toFixed(1)} MB），Excel 网页版无法直接在新工作簿中打开，已改为下载，请在下载的文件中打开。`,
        );
      }
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setOpening(false);
    }
  };

  return (
    <section className={s.section} aria-label="汇总">
      <Text>选择各单位报回的进度表（可多选，也可拖入），汇总到当前工作簿。</Text>
      <PeriodField id="merge-period" value={props.periodText} onChange={props.onPeriod} />
      <AsOfField id="merge-asof" value={asOf} onChange={setAsOf} />
      <FilePicker id="xmerge-files" label="选择报表文件" accept=".xlsx,.xls,.et" multiple disabled={running} onFiles={addFiles} />
      <PreviousFile
        id="xmerge-previous"
        label="上期汇总表"
        hint="可选：与上期比对，工作进展照搬上期的行将提示“进展与上期雷同”"
        file={previous.file}
        info={previous.value ? `${previous.value.periodLabel}，${previous.value.units.length} 个单位` : null}
        error={previous.error}
        disabled={running}
        onFile={previous.pick}
      />
      {rows.length ? (
        <div className={s.row}>
          <Text weight="semibold">已选 {rows.length} 个文件</Text>
          <Button appearance="subtle" size="small" disabled={running} onClick={() => (setRows([]), setResult(null), setStep(null))}>
            清空
          </Button>
        </div>
      ) : null}
      {rows.length ? (
        <div className={s.scroll}>
          <ul className={s.list} aria-label="文件读取状态" data-testid="xmerge-file-list" style={{ padding: 8, listStyle: 'none' }}>
            {rows.map((r) => (
              <li key={r.file.name} className={s.row} data-state={r.state}>
                <Badge appearance="tint" color={STATE[r.state].color}>
                  {STATE[r.state].label}
                </Badge>
                <Text size={200} className={s.breakAll}>
                  {r.file.name}
                </Text>
                {r.message ? (
                  <Text size={200} className={s.muted}>
                    {r.message}
                  </Text>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {step ? (
        <Field label="进度" validationMessage={step.label} validationState="none">
          <ProgressBar value={step.total ? step.done / step.total : 0} max={1} thickness="large" />
        </Field>
      ) : null}
      <div className={s.row}>
        <Button appearance="primary" disabled={!catalog || !props.period || !rows.length || running} onClick={() => void start()}>
          开始汇总
        </Button>
        {!catalog ? <Text size={200}>正在载入任务清单…</Text> : null}
      </div>
      <ErrorBar title="汇总失败" message={error} onDismiss={() => setError(null)} />
      {notice ? (
        <Text size={200} role="status" data-testid="xmerge-notice">
          {notice}
        </Text>
      ) : null}
      {result ? (
        <Summary result={result.consolidation} notes={result.notes} period={props.period} opening={opening} onOpen={() => void openNew()} />
      ) : null}
      {result && catalog && props.period ? (
        <PaneFeedback
          copies={feedbackCopies(result.consolidation, { catalog, period: props.period, asOf: result.asOf })}
          files={rows.map((r) => r.file)}
          period={props.period}
          // One unit's marked-up form is far below Excel on the web's size limit for a new workbook.
          open={async (bytes) => void (await adapter.openInNewWorkbook(toBase64(bytes)))}
        />
      ) : null}
    </section>
  );
}

function Summary(props: { result: Consolidation; notes: string[]; period: Period | null; opening: boolean; onOpen: () => void }) {
  const s = useWebStyles();
  const { summary, findings } = props.result;
  const units = (st: string) => summary.units.filter((u) => u.status === st);
  const { rowsRead, rowsWritten } = summary.totals;
  const counts = countByCode(findings);
  const problemFiles = summary.files.filter((f) => f.status !== 'ok');
  return (
    <div className={s.section} role="region" aria-label="汇总结果" data-testid="xmerge-summary">
      <MessageBar intent={mergeOutcome(summary).intent}>
        <MessageBarBody>
          <MessageBarTitle>{mergeOutcome(summary).title.replace(/^汇总完成/, '已写入汇总表')}</MessageBarTitle>
          {props.period ? periodLabel(props.period) : ''}：{summary.totals.files} 个文件，数据行读取 {rowsRead}、写入 {rowsWritten}
          {rowsRead === rowsWritten ? '（一致）' : '（不一致！）'}。
        </MessageBarBody>
      </MessageBar>
      <div className={s.stats}>
        <Stat label="按时报送" value={units('on-time').length} />
        <Stat label="逾期报送" value={units('late').length} />
        <Stat label="未报送" value={units('missing').length} />
        <Stat label="问题" value={summary.totals.findings} />
      </div>
      {units('missing').length ? (
        <Text size={200}>
          未报送：
          {units('missing')
            .map((u) => u.unit)
            .join('、')}
        </Text>
      ) : null}
      {problemFiles.length ? (
        <ul className={s.list}>
          {problemFiles.map((f) => (
            <li key={f.file} className={s.breakAll}>
              {f.file}：{FILE_STATUS[f.status]}
              {f.findings[0] ? `（${f.findings[0].message}）` : ''}
            </li>
          ))}
        </ul>
      ) : null}
      {Object.keys(counts).length ? (
        <Text size={200}>
          问题：
          {(Object.entries(counts) as Array<[FindingCode, number]>).map(([code, n]) => `${FINDING_LABELS[code]} ${n}`).join('，')}
        </Text>
      ) : null}
      {props.notes.length ? <Text size={200}>{props.notes.join('；')}</Text> : null}
      <div className={s.row}>
        <Button disabled={props.opening} onClick={props.onOpen}>
          在新工作簿中打开
        </Button>
        {props.opening ? <Spinner size="tiny" /> : null}
      </div>
      <Text size={200} className={s.muted}>
        已写入工作表：
        {props.result.workbook.sheets
          .filter((x) => x.state !== 'veryHidden')
          .map((x) => x.name)
          .join('、')}
        （完成情况含完成率图表），以及供“台账”读取的隐藏数据表 jindu_data。
      </Text>
    </div>
  );
}

/**
 * The marked-up copies, made here from the picked files: one opened in a new workbook (task-pane
 * webviews do not reliably download), or all as a zip download where the host allows it.
 */
function PaneFeedback(props: { copies: FeedbackCopy[]; files: File[]; period: Period; open: (bytes: Uint8Array) => Promise<void> }) {
  const make = async (copy: FeedbackCopy): Promise<Uint8Array> => {
    const file = props.files.find((f) => f.name === copy.file);
    if (!file) throw new Error(`找不到报表文件“${copy.file}”，请重新选择后再汇总`);
    const { feedbackWorkbook } = await feedbackWriter();
    return feedbackWorkbook(await fileBytes(file), copy.file, copy);
  };
  return (
    <FeedbackPanel
      items={props.copies.map((c) => ({ unit: c.unit, fileName: c.fileName, problems: c.findings.length }))}
      oneLabel="打开反馈表"
      onOne={async (i) => props.open(await make(props.copies[i]))}
      allLabel="下载全部（zip）"
      onAll={async () => {
        const { zipSync } = await import(/* webpackChunkName: "fflate" */ 'fflate');
        const files: Record<string, Uint8Array> = {};
        for (const copy of props.copies) files[copy.fileName] = await make(copy);
        downloadBytes(zipSync(files, { level: 0, mtime: new Date() }), `${props.period.code}_需更正的报表.zip`, ZIP_MIME);
      }}
    />
  );
}

function Stat({ label, value }: { label: string; value: number }) {
  const s = useWebStyles();
  return (
    <div className={s.stat}>
      <Text size={200}>{label}</Text>
      <span className={s.statValue}>{value}</span>
    </div>
  );
}
