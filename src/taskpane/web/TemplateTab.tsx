/**
 * 模板: the official progress sheet prefilled for one unit and the period (下载模板), or for every
 * reporting unit at once as one zip (全部单位打包下载).
 */
import { useEffect, useMemo, useState } from 'react';
import { Button, Combobox, Field, Option, ProgressBar, Text } from '@fluentui/react-components';
import { assignedTasks, reportingUnits, setGroupMembers } from '../../core/assignment';
import type { Catalog } from '../../core/catalog';
import { periodLabel, type Period } from '../../core/period';
import { GroupMembers } from '../components/GroupMembers';
import { downloadBytes, ErrorBar, errorMessage, useWebStyles, ZIP_MIME, readParams } from './shared';
import { workerClient } from './workerClient';

export function TemplateTab({
  catalog,
  period,
  onCatalog,
}: {
  catalog: Catalog | null;
  period: Period | null;
  /** The catalog with group members added on this page. */
  onCatalog?: (catalog: Catalog) => void;
}) {
  const s = useWebStyles();
  const units = useMemo(() => (catalog ? reportingUnits(catalog) : []), [catalog]);
  const [unit, setUnit] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [busy, setBusy] = useState(false);
  const [zipStep, setZipStep] = useState<{ done: number; total: number; label: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  useEffect(() => {
    setUnit(null);
    setQuery('');
  }, [catalog]);

  const shown = query && query !== unit ? units.filter((u) => u.includes(query.trim())) : units;
  const taskCount = catalog && unit ? assignedTasks(catalog, unit).length : 0;

  const one = async () => {
    if (!catalog || !period || !unit) return;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const r = await workerClient.call('template', { catalog, unit, period: period.code, share: readParams().share });
      downloadBytes(r.bytes, r.fileName);
      setDone(`已下载 ${r.fileName}`);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const all = async () => {
    if (!catalog || !period) return;
    setBusy(true);
    setError(null);
    setDone(null);
    setZipStep({ done: 0, total: units.length, label: '开始生成…' });
    try {
      const r = await workerClient.call('templates', { catalog, period: period.code, share: readParams().share }, (p) => {
        if (p.kind === 'step') setZipStep({ done: p.done, total: p.total, label: p.label });
      });
      downloadBytes(r.bytes, r.fileName, ZIP_MIME);
      setDone(`已下载 ${r.fileName}（${r.count} 个单位）`);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
      setZipStep(null);
    }
  };

  const saveCatalog = async () => {
    if (!catalog) return;
    setError(null);
    try {
      const r = await workerClient.call('catalogFile', { catalog });
      downloadBytes(r.bytes, r.fileName);
      setDone(`已下载 ${r.fileName}`);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <section className={s.section} aria-label="模板">
      <Text>生成官方格式的{period ? periodLabel(period) : ''}进度情况表，已预填该单位承担的任务，发给各单位填报。</Text>
      <Field label="填报单位" hint={catalog ? `有任务的单位共 ${units.length} 个` : '请先在上方选择任务清单'}>
        <Combobox
          id="unit-combobox"
          placeholder="输入或选择单位"
          disabled={!catalog || busy}
          value={query}
          selectedOptions={unit ? [unit] : []}
          onChange={(e) => setQuery(e.currentTarget.value)}
          onOptionSelect={(_, d) => {
            setUnit(d.optionValue ?? null);
            setQuery(d.optionText ?? '');
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
      {unit ? (
        <Text data-testid="template-task-count">
          {unit}：任务 {taskCount} 项
        </Text>
      ) : null}
      {catalog ? (
        <GroupMembers
          catalog={catalog}
          busy={busy}
          onMembers={(group, members) => {
            onCatalog?.(setGroupMembers(catalog, group, members));
            setDone(`已为${group}添加 ${members.length} 个成员单位；可点“下载任务清单”保存。`);
          }}
        />
      ) : null}
      <div className={s.row}>
        <Button appearance="primary" disabled={!unit || !period || busy} onClick={() => void one()}>
          下载模板
        </Button>
        <Button disabled={!catalog || !period || !units.length || busy} onClick={() => void all()}>
          全部单位打包下载
        </Button>
        <Button appearance="subtle" disabled={!catalog || busy} onClick={() => void saveCatalog()}>
          下载任务清单
        </Button>
      </div>
      {zipStep ? (
        <Field label="进度" validationMessage={zipStep.label} validationState="none">
          <ProgressBar value={zipStep.total ? zipStep.done / zipStep.total : 0} max={1} thickness="large" />
        </Field>
      ) : null}
      {done ? (
        <Text size={200} role="status">
          {done}
        </Text>
      ) : null}
      <ErrorBar title="生成失败" message={error} onDismiss={() => setError(null)} />
    </section>
  );
}
