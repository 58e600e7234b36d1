/**
 * 汇总: pick the returned workbooks (or drop them, or a folder's), optionally last period's 汇总;
 * 开始汇总 reads each with its state shown as it goes and consolidates them (in Excel also into the
 * open workbook). Then the dashboard (components/MergeDashboard, loaded with the first result): the
 * unit table, the completion picture, 催报 and the marked-up copies. At desktop widths the settings
 * sit beside the results.
 */
import { lazy, Suspense, useEffect, useState } from 'react';
import { Badge, Button, Field, makeStyles, ProgressBar, Spinner, Text, tokens } from '@fluentui/react-components';
import { periodLabel } from '../../core/period';
import { PreviousFile, usePreviousFile } from '../components/PreviousFile';
import { FILE_STATES as STATE, type FileState } from '../fileState';
import { useHost } from '../hosts/context';
import type { MergeDone, StepProgress } from '../hosts/types';
import type { TabProps } from '../Shell';
import { isBundle, unpackBundles } from '../engine';
import { ErrorBar, errorMessage, FilePicker, useWebStyles } from '../shared';

const MergeDashboard = lazy(() => import(/* webpackChunkName: "dashboard" */ '../components/MergeDashboard'));

const useStyles = makeStyles({
  layout: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr)',
    gap: tokens.spacingHorizontalXL,
    alignItems: 'start',
    '@media (min-width: 1000px)': { gridTemplateColumns: '340px minmax(0, 1fr)' },
  },
  settings: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  results: { minWidth: 0 },
  placeholder: {
    padding: tokens.spacingHorizontalL,
    border: `1px dashed ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForeground3,
  },
});

interface Row {
  file: File;
  state: FileState;
  message?: string;
}

/** A picked file's key: its path in a picked folder, else its name. */
const keyOf = (f: File) => f.webkitRelativePath || f.name;

export function MergeTab(props: TabProps) {
  const s = useWebStyles();
  const styles = useStyles();
  const host = useHost();
  const { catalog, period, asOf } = props;
  const [rows, setRows] = useState<Row[]>([]);
  const [running, setRunning] = useState(false);
  const [step, setStep] = useState<StepProgress | null>(null);
  const [done, setDone] = useState<MergeDone | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** What of the picked zips was not read, with why. */
  const [bundleNotes, setBundleNotes] = useState<string[]>([]);
  const previous = usePreviousFile(host.readConsolidation);

  // A result belongs to the catalog, period, date and previous 汇总 it was made for.
  useEffect(() => setDone(null), [catalog, period?.code, asOf, previous.file]);

  const addRows = (files: File[]) =>
    setRows((old) => {
      const byKey = new Map(old.map((r) => [keyOf(r.file), r]));
      for (const f of files) byKey.set(keyOf(f), { file: f, state: 'waiting' });
      return [...byKey.values()].sort((a, b) => (keyOf(a.file) < keyOf(b.file) ? -1 : keyOf(a.file) > keyOf(b.file) ? 1 : 0));
    });

  const addFiles = (picked: File[]) => {
    setDone(null);
    setError(null);
    // Workbooks are listed at once; a zip is opened first (its reader loads then).
    if (!picked.some(isBundle)) return addRows(picked);
    void unpackBundles(picked).then(
      (unpacked) => {
        setBundleNotes((old) => [...old, ...unpacked.skipped]);
        addRows(unpacked.files);
      },
      (e: unknown) => setError(errorMessage(e)),
    );
  };

  const start = async () => {
    if (!catalog || !period || !rows.length) return;
    const files = rows.map((r) => r.file);
    setRunning(true);
    setDone(null);
    setError(null);
    setRows(files.map((file) => ({ file, state: 'waiting' })));
    setStep({ done: 0, total: files.length + 1, label: '开始读取…' });
    try {
      const r = await host.merge(
        { files, catalog, period: period.code, asOf, previous: previous.value ? (previous.file ?? undefined) : undefined },
        (p) => setRows((old) => old.map((x, i) => (i === p.index ? { ...x, state: p.state, message: p.message } : x))),
        setStep,
      );
      setDone(r);
      setStep({ done: 1, total: 1, label: '完成' });
    } catch (e) {
      setError(errorMessage(e));
      setStep(null);
    } finally {
      setRunning(false);
    }
  };

  const why = !catalog ? '请先在“清单”中选择任务清单' : !period ? '请填写正确的报告期' : !rows.length ? '请先选择各单位报回的报表' : null;

  return (
    <section className={styles.layout} aria-label="汇总">
      <div className={styles.settings}>
        <Text>
          选择各单位报回的进度表（可多选，也可拖入；zip 压缩包自动解开），按所选任务清单和{period ? periodLabel(period) : '报告期'}汇总
          {host.kind === 'excel' ? '到当前工作簿' : '为一个工作簿'}。
        </Text>
        <FilePicker id="merge-files" label="选择报表文件" accept=".xlsx,.xls,.et,.zip" multiple disabled={running} onFiles={addFiles} />
        <PreviousFile
          id="merge-previous"
          label="上期汇总表"
          hint="可选：与上期比对，工作进展照搬上期的行将提示“进展与上期雷同”；其中的填报人和联系电话也用于催报"
          file={previous.file}
          info={previous.value ? `${previous.value.periodLabel}，${previous.value.units.length} 个单位` : null}
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
                setBundleNotes([]);
                setDone(null);
                setStep(null);
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
                <li key={keyOf(r.file)} className={s.fileItem} data-state={r.state}>
                  <Badge className={s.noShrink} appearance="tint" color={STATE[r.state].color}>
                    {STATE[r.state].label}
                  </Badge>
                  <Text size={200} className={s.breakAll}>
                    {keyOf(r.file)}
                    {r.message ? <span className={s.muted}>：{r.message}</span> : null}
                  </Text>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {bundleNotes.length ? <Text weight="semibold">压缩包中未读取的文件 {bundleNotes.length} 个</Text> : null}
        {bundleNotes.length ? (
          <div className={s.scroll}>
            <ul className={s.fileList} aria-label="压缩包中未读取的文件" data-testid="merge-bundle-skipped">
              {bundleNotes.map((note) => (
                <li key={note} className={s.fileItem}>
                  <Text size={200} className={s.breakAll}>
                    {note}
                  </Text>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {step ? (
          <Field label="进度" validationMessage={step.label} validationState="none">
            <ProgressBar value={Math.min(1, step.total ? step.done / step.total : 0)} max={1} thickness="large" />
          </Field>
        ) : null}
        <div className={s.row}>
          <Button appearance="primary" disabled={!!why || running} onClick={() => void start()}>
            开始汇总
          </Button>
          {running ? <Spinner size="tiny" /> : null}
          {why && !running ? (
            <Text size={200} className={s.muted} data-testid="merge-why">
              {why}
            </Text>
          ) : null}
        </div>
        <ErrorBar title="汇总失败" message={error} onDismiss={() => setError(null)} />
      </div>
      <div className={styles.results}>
        {done && catalog && period ? (
          <Suspense fallback={<Spinner size="tiny" label="正在载入汇总结果…" labelPosition="after" />}>
            <MergeDashboard done={done} catalog={catalog} period={period} asOf={asOf} files={rows.map((r) => r.file)} />
          </Suspense>
        ) : (
          <div className={styles.placeholder}>
            <Text size={200}>汇总后在这里查看各单位的报送情况、完成情况和问题，并一键生成催报文字。</Text>
          </div>
        )}
      </div>
    </section>
  );
}
