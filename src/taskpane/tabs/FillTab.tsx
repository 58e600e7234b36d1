/**
 * 填报 (Excel: the form written into the open workbook) / 模板 (web page: downloaded): one unit's
 * official progress form for the period, prefilled with its tasks, optionally with what it reported
 * last period beside each task; every reporting unit's at once as a zip. Run again in Excel after
 * the catalog changed, it keeps what was typed (by 任务编号) and says what changed.
 */
import { useEffect, useMemo, useState } from 'react';
import {
  Button,
  Checkbox,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Spinner,
  Text,
} from '@fluentui/react-components';
import { assignedTasks, reportingUnits, waitingGroups, waitingGroupsText } from '../../core/assignment';
import { lastPeriodOf, type LastPeriod } from '../../core/lastPeriod';
import { periodLabel } from '../../core/period';
import { describeChanges } from '../../core/refill';
import { PreviousFile, usePreviousFile } from '../components/PreviousFile';
import { UnitPicker } from '../components/UnitPicker';
import { useHost } from '../hosts/context';
import type { FillDone, StepProgress } from '../hosts/types';
import type { TabProps } from '../Shell';
import { ErrorBar, errorMessage, useAction, useWebStyles } from '../shared';

export default function FillTab(props: TabProps) {
  const s = useWebStyles();
  const host = useHost();
  const { catalog, period } = props;
  const units = useMemo(() => (catalog ? reportingUnits(catalog) : []), [catalog]);
  const [unit, setUnit] = useState<string | null>(null);
  const action = useAction();
  const busy = !!action.busy;
  const { error, setError } = action;
  const [step, setStep] = useState<StepProgress | null>(null);
  const [done, setDone] = useState<(FillDone & { previous?: { label: string; copied: boolean } }) | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const previousBook = usePreviousFile(host.readWorkbook);
  const [copyPrevious, setCopyPrevious] = useState(false);

  // The unit of the workbook's template, once known; cleared when the catalog no longer has it.
  useEffect(() => {
    if (unit && units.includes(unit)) return;
    setUnit(props.meta.unit && units.includes(props.meta.unit) ? props.meta.unit : null);
  }, [units, props.meta.unit]);

  // Last period of the unit, from the picked 汇总 or return, once the unit and period are known.
  const last = useMemo((): { value: LastPeriod | null; error: string | null } => {
    if (!previousBook.value || !catalog || !unit || !period) return { value: null, error: null };
    try {
      return { value: lastPeriodOf(previousBook.value, catalog, unit, period, previousBook.file?.name), error: null };
    } catch (e) {
      return { value: null, error: errorMessage(e) };
    }
  }, [previousBook.value, previousBook.file, catalog, unit, period]);

  const waiting = useMemo(() => (catalog ? waitingGroupsText(waitingGroups(catalog)) : ''), [catalog]);
  const taskCount = catalog && unit ? assignedTasks(catalog, unit).length : 0;

  const run = (act: () => Promise<void>) => {
    setDone(null);
    setInfo(null);
    return action.run('正在生成…', () => act().finally(() => setStep(null)));
  };

  const one = () =>
    run(async () => {
      if (!catalog || !unit || !period) return;
      const r = await host.fill({ catalog, unit, period, previous: last.value ?? undefined, copyPrevious });
      setDone({ ...r, previous: last.value ? { label: last.value.label, copied: copyPrevious } : undefined });
      if (r.meta) props.onMeta(r.meta);
    });

  const all = () =>
    run(async () => {
      if (!catalog || !period || !host.fillAll) return;
      setStep({ done: 0, total: units.length, label: '开始生成…' });
      setInfo(await host.fillAll({ catalog, period }, setStep));
    });

  const why = !catalog ? '请先在“清单”中选择任务清单' : !period ? '请填写正确的报告期' : !unit ? '请先选择填报单位' : null;

  return (
    <section className={s.section} aria-label={host.words.fillTab}>
      <Text>{host.words.fillHint}</Text>
      {waiting ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody data-testid="fill-waiting-groups">{waiting}。请在“清单”中为这些分组添加成员单位。</MessageBarBody>
        </MessageBar>
      ) : null}
      <UnitPicker
        id="fill-unit"
        units={units}
        directory={catalog?.units}
        value={unit}
        disabled={!catalog || busy}
        onChange={setUnit}
        hint={catalog ? `有任务的单位共 ${units.length} 个` : '请先在“清单”中选择任务清单'}
      />
      {unit ? (
        <Text size={200} data-testid="fill-task-count">
          {unit}：{period ? `${periodLabel(period)}，` : ''}任务 {taskCount} 项
        </Text>
      ) : null}
      <PreviousFile
        id="fill-previous"
        label="上期汇总表或本单位上期报表"
        hint="可选：在每项任务右侧列出本单位上期的状态和进展，供参考"
        file={previousBook.file}
        info={
          last.value ? `${last.value.label}，本单位上期填报 ${last.value.byTask.size} 项` : previousBook.value ? '选择单位后读取' : null
        }
        error={previousBook.error ?? last.error}
        disabled={busy}
        onFile={previousBook.pick}
      />
      {last.value ? (
        <Checkbox
          id="fill-copy-previous"
          checked={copyPrevious}
          onChange={(_, d) => setCopyPrevious(!!d.checked)}
          label="把上期进展和状态复制到本期栏内（已填写的不覆盖），在其基础上修改"
        />
      ) : null}
      <div className={s.row}>
        <Button appearance="primary" disabled={!!why || busy} onClick={() => void one()}>
          {host.words.fillButton}
        </Button>
        {host.fillAll ? (
          <Button disabled={!catalog || !period || !units.length || busy} onClick={() => void all()}>
            全部单位打包下载
          </Button>
        ) : null}
        {busy && !step ? <Spinner size="tiny" label="正在生成…" labelPosition="after" /> : null}
        {why && !busy ? (
          <Text size={200} className={s.muted} data-testid="fill-why">
            {why}
          </Text>
        ) : null}
      </div>
      {step ? (
        <Field label="进度" validationMessage={step.label} validationState="none">
          <ProgressBar value={step.total ? step.done / step.total : 0} max={1} thickness="large" />
        </Field>
      ) : null}
      {host.savesCatalogInWorkbook && props.current && props.current.origin.kind !== 'workbook' ? (
        <Text size={200} className={s.muted}>
          任务清单来自{props.current.origin.kind === 'bundled' ? '内置清单' : '导入的文件或文本'}，未保存在本工作簿中；可在“清单”页写入。
        </Text>
      ) : null}
      <ErrorBar title="未能生成" message={error} onDismiss={() => setError(null)} />
      {done ? <DoneBar done={done} /> : null}
      {info ? (
        <Text size={200} role="status">
          {info}
        </Text>
      ) : null}
    </section>
  );
}

function DoneBar({ done }: { done: FillDone & { previous?: { label: string; copied: boolean } } }) {
  const s = useWebStyles();
  const c = done.changes;
  return (
    <MessageBar intent={c?.removed.length ? 'warning' : 'success'} role="status" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>
          {done.kind === 'refill' ? '已按现行清单更新' : done.kind === 'new' ? '已生成填报表' : '已下载模板'}
        </MessageBarTitle>
        {done.kind === 'download' ? (
          <span data-testid="fill-result">已下载 {done.name}</span>
        ) : done.kind === 'new' ? (
          <span data-testid="fill-result">
            “{done.name}”：{done.unit}，任务 {done.tasks} 项。灰色列来自任务清单，已锁定；请填写“工作进展及存在问题”“备注”和“状态”。
          </span>
        ) : c ? (
          <span data-testid="fill-result">
            {describeChanges(c)}；保留已填写的 {c.kept} 项{c.footerKept ? '及填报人信息' : ''}。
          </span>
        ) : null}
        {c?.removed.length ? (
          <details>
            <summary>已删除任务中填写过的内容</summary>
            <ul className={s.list}>
              {c.removed.map((r) => (
                <li key={r.id || r.title}>
                  {r.title}
                  {r.id ? `（${r.id}）` : ''}：{[r.typed.status, r.typed.progress, r.typed.remark].filter(Boolean).join('；') || '未填写'}
                </li>
              ))}
            </ul>
          </details>
        ) : null}
        {done.previous ? (
          <div data-testid="fill-previous-note">
            右侧“上期状态”“上期进展”两列为{done.previous.label}所报，供参考
            {done.previous.copied ? '；已复制到本期空白的“工作进展”和“状态”栏，请在其基础上修改' : ''}。
          </div>
        ) : null}
        {done.notes.length ? <div>{done.notes.join('；')}</div> : null}
      </MessageBarBody>
    </MessageBar>
  );
}
