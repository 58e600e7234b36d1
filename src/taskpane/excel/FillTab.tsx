/**
 * 填报 (the clerk): pick the unit (by name, alias or pinyin initials) and the period, and 生成填报表
 * writes the official sheet into the open workbook. Run again after the catalog changed, it keeps
 * what was typed (by 任务编号) and says what changed.
 */
import { useEffect, useMemo, useState } from 'react';
import {
  Button,
  Checkbox,
  Combobox,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Spinner,
  Text,
} from '@fluentui/react-components';
import { lastPeriodOf, type LastPeriod } from '../../core/lastPeriod';
import { PreviousFile, usePreviousFile } from '../components/PreviousFile';
import { readPickedWorkbook } from './returns';
import { assignedTasks, reportingUnits, unitTasksVersion, waitingGroups, waitingGroupsText } from '../../core/assignment';
import { yearOutsideCatalog } from '../../core/catalog';
import { periodLabel, type Period } from '../../core/period';
import { describeChanges, planTemplate, type RefillChanges } from '../../core/refill';
import { TEMPLATE_VERSION, type ReturnMeta } from '../../core/report';
import { buildTemplate } from '../../core/template';
import { searchUnits, unitIndex } from '../unitSearch';
import { ErrorBar, errorMessage, useWebStyles } from '../web/shared';
import { useAdapter } from './adapter';
import type { CurrentCatalog } from './catalogs';
import { PeriodField } from './fields';

interface Done {
  kind: 'new' | 'refill';
  sheet: string;
  unit: string;
  label: string;
  tasks: number;
  changes?: RefillChanges;
  /** The period whose status and progress are shown beside the tasks, and whether they were copied in. */
  previous?: { label: string; copied: boolean };
  notes: string[];
}

export function FillTab(props: {
  current: CurrentCatalog | null;
  period: Period | null;
  periodText: string;
  onPeriod: (v: string) => void;
  defaultUnit?: string;
  onWritten: (meta: ReturnMeta) => void;
}) {
  const s = useWebStyles();
  const adapter = useAdapter();
  const catalog = props.current?.catalog ?? null;
  const units = useMemo(() => (catalog ? reportingUnits(catalog) : []), [catalog]);
  const index = useMemo(() => (catalog ? unitIndex(units, catalog.units) : []), [catalog, units]);
  const [unit, setUnit] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<Done | null>(null);
  const previousBook = usePreviousFile(readPickedWorkbook);
  const [copyPrevious, setCopyPrevious] = useState(false);
  // Last period of the unit, from the picked 汇总 or return, once the unit and period are known.
  const last = useMemo((): { value: LastPeriod | null; error: string | null } => {
    if (!previousBook.value || !catalog || !unit || !props.period) return { value: null, error: null };
    try {
      return { value: lastPeriodOf(previousBook.value, catalog, unit, props.period, previousBook.file?.name), error: null };
    } catch (e) {
      return { value: null, error: errorMessage(e) };
    }
  }, [previousBook.value, previousBook.file, catalog, unit, props.period]);

  // The unit of the workbook's template, once known; cleared when the catalog no longer has it.
  useEffect(() => {
    if (unit && units.includes(unit)) return;
    const preset = props.defaultUnit && units.includes(props.defaultUnit) ? props.defaultUnit : null;
    setUnit(preset);
    setQuery(preset ?? '');
  }, [units, props.defaultUnit]);

  const shown = searchUnits(index, query === unit ? '' : query, 60);
  const waiting = useMemo(() => (catalog ? waitingGroupsText(waitingGroups(catalog)) : ''), [catalog]);
  const taskCount = catalog && unit ? assignedTasks(catalog, unit).length : 0;

  const generate = async () => {
    if (!catalog || !unit || !props.period) return;
    const period = props.period;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const outside = yearOutsideCatalog(catalog, period.year);
      if (outside) throw new Error(`报告期 ${period.code} 不可用：${outside}`);
      let outcome: Omit<Done, 'notes'> | null = null;
      // One Excel.run: read what is there, decide with the engine, write (4 syncs).
      const result = await adapter.readThenWrite(
        (book) => {
          const withPrevious = last.value ? { previous: last.value, copyPrevious } : {};
          const spec = buildTemplate(catalog, unit, period, withPrevious);
          // Rows of added work carried over get blank rows of their own.
          const plan = planTemplate(book, spec, unit, period, (blankRows) =>
            buildTemplate(catalog, unit, period, { ...withPrevious, blankRows }),
          );
          if (plan.kind === 'conflict') throw new Error(plan.message);
          const sheet = plan.spec.sheets[0].name;
          outcome = {
            kind: plan.kind,
            sheet,
            unit,
            label: periodLabel(period),
            tasks: assignedTasks(catalog, unit).length,
            changes: plan.kind === 'refill' ? plan.changes : undefined,
            previous: last.value ? { label: last.value.label, copied: copyPrevious } : undefined,
          };
          const remove = plan.kind === 'refill' && plan.previousSheet !== sheet ? [plan.previousSheet] : [];
          return { sheets: plan.spec.sheets, remove, activate: sheet };
        },
        { replace: true },
      );
      if (outcome) {
        // The filled sheet opens the pane by itself next time, as the CLI's templates do.
        await adapter.tagAutoOpen();
        setDone({ ...(outcome as Omit<Done, 'notes'>), notes: result?.notes ?? [] });
        props.onWritten({
          unit,
          period: period.code,
          catalogVersion: catalog.version,
          templateVersion: TEMPLATE_VERSION,
          catalogTitle: catalog.source.title,
          unitVersion: unitTasksVersion(catalog, unit),
        });
      }
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className={s.section} aria-label="填报">
      <Text>选择填报单位和报告期，生成官方格式的进度情况表，已预填本单位承担的任务。</Text>
      {waiting ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody data-testid="fill-waiting-groups">{waiting}。请在“清单”中为这些分组添加成员单位。</MessageBarBody>
        </MessageBar>
      ) : null}
      <Field
        label="填报单位"
        hint={catalog ? `可输入单位名称、简称或拼音首字母（如 jyj）；共 ${units.length} 个单位` : '正在载入任务清单…'}
      >
        <Combobox
          id="fill-unit"
          freeform
          placeholder="输入或选择单位"
          disabled={!catalog || busy}
          value={query}
          selectedOptions={unit ? [unit] : []}
          onChange={(e) => {
            // Typing replaces the choice: the button acts only on a unit that was picked or typed in full.
            const v = e.currentTarget.value;
            setQuery(v);
            setUnit(units.includes(v.trim()) ? v.trim() : null);
          }}
          onOptionSelect={(_, d) => {
            if (!d.optionValue) return;
            setUnit(d.optionValue);
            setQuery(d.optionText ?? d.optionValue);
          }}
        >
          {shown.map((u) => (
            <Option key={u} value={u}>
              {u}
            </Option>
          ))}
          {!shown.length ? (
            <Option key="__none" value="" disabled text="">
              没有匹配的单位
            </Option>
          ) : null}
        </Combobox>
      </Field>
      <PeriodField id="fill-period" value={props.periodText} onChange={props.onPeriod} />
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
      {unit ? (
        <Text size={200} data-testid="fill-task-count">
          {unit}：{props.period ? `${periodLabel(props.period)}，` : ''}任务 {taskCount} 项
        </Text>
      ) : null}
      <div className={s.row}>
        <Button appearance="primary" disabled={!unit || !props.period || !catalog || busy} onClick={() => void generate()}>
          生成填报表
        </Button>
        {busy ? <Spinner size="tiny" label="正在写入…" labelPosition="after" /> : null}
      </div>
      {props.current && props.current.origin !== 'workbook' ? (
        <Text size={200} className={s.muted}>
          任务清单来自{props.current.origin === 'seed' ? '内置清单' : '粘贴的文本'}，未保存在本工作簿中；可在“清单”页写入。
        </Text>
      ) : null}
      <ErrorBar title="未能生成填报表" message={error} onDismiss={() => setError(null)} />
      {done ? <DoneBar done={done} /> : null}
    </section>
  );
}

function DoneBar({ done }: { done: Done }) {
  const s = useWebStyles();
  const c = done.changes;
  return (
    <MessageBar intent={c?.removed.length ? 'warning' : 'success'} role="status" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{done.kind === 'new' ? '已生成填报表' : '已按现行清单更新'}</MessageBarTitle>
        {done.kind === 'new' ? (
          <span data-testid="fill-result">
            “{done.sheet}”：{done.unit}，任务 {done.tasks} 项。灰色列来自任务清单，已锁定；请填写“工作进展及存在问题”“备注”和“状态”。
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
