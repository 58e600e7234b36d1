/**
 * 清单: the catalog this workbook uses (its 任务清单 sheet, or a bundled list), a bundled list to
 * use instead, a list file as issued (Word, Excel, PDF, text) or a list pasted as text: preview
 * (tasks, units, deadlines, warnings), then 写入任务清单 writes the 任务清单 / 单位名录 / 报送日历 /
 * 清单信息 sheets. When a file's table is not recognised, or the user wants to correct the guess,
 * the column mapping (components/ColumnMapper) reads it.
 */
import { useState } from 'react';
import {
  Button,
  Card,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Spinner,
  Text,
  Textarea,
} from '@fluentui/react-components';
import { DEADLINE_KIND_LABELS, summariseCatalog, type Catalog } from '../../core/catalog';
import { CATALOG_SHEETS, catalogToWorkbook } from '../../core/catalogFile';
import { importDocument, importList, NotAListError, textDocument, type ImportResult } from '../../core/import';
import { tablesOf, type ListDocument } from '../../core/import/document';
import { ColumnMapper } from '../components/ColumnMapper';
import { GroupMembers } from '../components/GroupMembers';
import { setGroupMembers } from '../../core/assignment';
import { ErrorBar, errorMessage, FilePicker, useWebStyles } from '../web/shared';
import { useAdapter } from './adapter';
import { importSeed, type CurrentCatalog, type SeedInfo } from './catalogs';
import { usePaneStyles } from './fields';
import { fileBytes } from './returns';

const ORIGIN: Record<CurrentCatalog['origin'], string> = {
  workbook: '本工作簿的“任务清单”工作表',
  seed: '内置清单（未写入本工作簿）',
  text: '导入的清单（未写入本工作簿）',
};

/** pdf.js's CMaps beside the pane's page (pdf-cmaps/, see webpack.config.js). */
async function loadCMap(name: string): Promise<Uint8Array> {
  const res = await fetch(new URL(`pdf-cmaps/${encodeURIComponent(name)}.bcmap`, document.baseURI));
  if (!res.ok) throw new Error(`缺少 PDF 字体编码文件 ${name}，请联系管理员重新部署加载项`);
  return new Uint8Array(await res.arrayBuffer());
}

const FREQUENCY: Record<string, string> = { quarterly: '每季度', 'half-yearly': '每半年', monthly: '每月', yearly: '每年' };

function calendarText(c: Catalog): string {
  const cal = c.calendar;
  if (!cal.frequency) return '清单未写明报送时间（按报告期末日计）';
  if (cal.frequency === 'monthly') return `每月${cal.dues[0]?.day ?? ''}日前`;
  return `${FREQUENCY[cal.frequency]}：${cal.dues.map((d) => `${d.month}月${d.day}日`).join('、')}前`;
}

export function CatalogTab(props: { current: CurrentCatalog | null; seeds: SeedInfo[] | null; onCatalog: (c: CurrentCatalog) => void }) {
  const s = useWebStyles();
  const p = usePaneStyles();
  const adapter = useAdapter();
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<ImportResult | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  /** The document of the last list file, and the reason its columns are being mapped. */
  const [listDoc, setListDoc] = useState<ListDocument | null>(null);
  const [mapping, setMapping] = useState<{ reason?: string } | null>(null);
  const current = props.current;
  const summary = current ? summariseCatalog(current.catalog) : null;

  const pickSeed = async (id: string) => {
    setBusy('正在导入内置清单…');
    setError(null);
    setDone(null);
    try {
      const r = await importSeed(id);
      props.onCatalog({ catalog: r.catalog, origin: 'seed', seedId: id, warnings: r.warnings });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const showPreview = () => {
    setError(null);
    setDone(null);
    try {
      if (!text.trim()) throw new Error('请先粘贴责任清单的正文');
      setListDoc(null);
      setMapping(null);
      setPreview(importList(text));
    } catch (e) {
      setPreview(null);
      // Pasted tables (from Excel or Word) whose columns were not recognised: map them.
      if (e instanceof NotAListError && e.tables.length) {
        setListDoc(textDocument(text));
        setMapping({ reason: e.message });
      } else setError(errorMessage(e));
    }
  };

  const readFile = async (file: File) => {
    setBusy('正在读取清单文件…');
    setError(null);
    setDone(null);
    setPreview(null);
    setMapping(null);
    try {
      const { readListFile } = await import(/* webpackChunkName: "documents" */ '../../documents');
      const read = await readListFile(await fileBytes(file), file.name, { loadCMap });
      if (read.kind === 'catalog') {
        props.onCatalog({ catalog: read.catalog, origin: 'text', warnings: [] });
        setDone(`已改用“${file.name}”中的任务清单（尚未写入本工作簿）。`);
        return;
      }
      const doc = tablesOf(read.doc).length ? read.doc : null;
      setListDoc(doc);
      try {
        setPreview(importDocument(read.doc));
      } catch (e) {
        if (e instanceof NotAListError && doc) setMapping({ reason: e.message });
        else throw e;
      }
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  /** Members added to a group: kept in the workbook's 单位名录 when the catalog lives there. */
  const addMembers = async (group: string, members: string[]) => {
    if (!current) return;
    const catalog = setGroupMembers(current.catalog, group, members);
    setError(null);
    setDone(null);
    try {
      if (current.origin === 'workbook') {
        setBusy('正在写入单位名录…');
        await adapter.writeSheets(catalogToWorkbook(catalog).sheets, { replace: true });
      }
      props.onCatalog({ ...current, catalog });
      setDone(`已为${group}添加成员单位：${members.join('、')}${current.origin === 'workbook' ? '（已写入“单位名录”）' : ''}。`);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const write = async (catalog: Catalog, warnings: ImportResult['warnings']) => {
    setBusy('正在写入任务清单…');
    setError(null);
    setDone(null);
    try {
      const spec = catalogToWorkbook(catalog);
      await adapter.writeSheets(spec.sheets, { replace: true }, { activate: CATALOG_SHEETS.tasks });
      props.onCatalog({ catalog, origin: 'workbook', warnings });
      setPreview(null);
      setDone(
        `已写入“${Object.values(CATALOG_SHEETS).join('”“')}”工作表：任务 ${catalog.tasks.length} 项，单位 ${catalog.units.length} 个。`,
      );
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className={s.section} aria-label="清单">
      {current && summary ? (
        <Card data-testid="catalog-current">
          <Text weight="semibold">{current.catalog.source.title || '未命名清单'}</Text>
          <Text size={200}>
            {[current.catalog.source.docNo, current.catalog.source.issuer, current.catalog.source.date].filter(Boolean).join('，') ||
              '无文号'}
          </Text>
          <Text size={200}>
            任务 {summary.tasks} 项，单位 {summary.units} 个{summary.groups ? `，分组 ${summary.groups} 个` : ''}；
            {calendarText(current.catalog)}
          </Text>
          <Text size={200} className={s.muted}>
            来源：{ORIGIN[current.origin]}；版本 {current.catalog.version}
          </Text>
          {current.origin !== 'workbook' ? (
            <div className={s.row}>
              <Button size="small" disabled={!!busy} onClick={() => void write(current.catalog, current.warnings)}>
                写入本工作簿
              </Button>
            </div>
          ) : null}
        </Card>
      ) : (
        <Spinner size="tiny" label="正在载入任务清单…" labelPosition="after" />
      )}

      {current ? <GroupMembers catalog={current.catalog} busy={!!busy} onMembers={(g, m) => void addMembers(g, m)} /> : null}

      <Field label="内置责任清单" hint="改用内置清单（只在本窗格中使用，可再写入工作簿）">
        <Select
          id="catalog-seed"
          className={p.select}
          select={{ className: p.selectInner }}
          value={current?.origin === 'seed' ? (current.seedId ?? '') : ''}
          disabled={!props.seeds || !!busy}
          onChange={(_, d) => d.value && void pickSeed(d.value)}
        >
          <option value="" disabled>
            选择内置清单…
          </option>
          {(props.seeds ?? []).map((seed) => (
            <option key={seed.id} value={seed.id}>
              {seed.title}
            </option>
          ))}
        </Select>
      </Field>

      <FilePicker
        id="catalog-list-file"
        label="导入清单文件"
        accept=".docx,.xlsx,.pdf,.txt,.json"
        hint="印发的 Word、Excel、文字版 PDF 或文本"
        disabled={!!busy}
        onFiles={(files) => void readFile(files[0])}
      />
      {mapping && listDoc ? (
        <ColumnMapper
          doc={listDoc}
          reason={mapping.reason}
          initial={current?.catalog.mapping}
          onCancel={() => setMapping(null)}
          onImport={(r) => {
            setMapping(null);
            setPreview(r);
          }}
        />
      ) : null}
      {listDoc && preview && !mapping ? (
        <div className={s.row}>
          <Button size="small" appearance="subtle" onClick={() => setMapping({})}>
            调整列对应
          </Button>
        </div>
      ) : null}

      <Field label="粘贴责任清单正文" hint="从文件中复制整份责任清单（含标题和正文）粘贴到这里">
        <Textarea
          id="catalog-text"
          value={text}
          resize="vertical"
          rows={6}
          onChange={(_, d) => setText(d.value)}
          placeholder="关于印发《……责任清单》的通知……"
        />
      </Field>
      <div className={s.row}>
        <Button disabled={!text.trim() || !!busy} onClick={showPreview}>
          预览
        </Button>
        {busy ? <Spinner size="tiny" label={busy} labelPosition="after" /> : null}
      </div>
      <ErrorBar title="任务清单" message={error} onDismiss={() => setError(null)} />
      {done ? (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{done}</MessageBarBody>
        </MessageBar>
      ) : null}

      {preview ? (
        <Preview
          result={preview}
          busy={!!busy}
          onWrite={() => void write(preview.catalog, preview.warnings)}
          onUse={() => {
            props.onCatalog({ catalog: preview.catalog, origin: 'text', warnings: preview.warnings });
            setPreview(null);
            setDone('已改用导入的清单（尚未写入本工作簿）。');
          }}
          onCancel={() => setPreview(null)}
          pre={p.pre}
        />
      ) : null}
    </section>
  );
}

function Preview(props: {
  result: ImportResult;
  busy: boolean;
  onWrite: () => void;
  onUse: () => void;
  onCancel: () => void;
  pre: string;
}) {
  const s = useWebStyles();
  const { catalog, warnings, layout } = props.result;
  const summary = summariseCatalog(catalog);
  const units = catalog.units.filter((u) => u.kind === 'unit').map((u) => u.name);
  const groups = catalog.units.filter((u) => u.kind === 'group');
  return (
    <div className={s.section} role="region" aria-label="清单预览" data-testid="catalog-preview">
      <MessageBar intent={warnings.length ? 'warning' : 'success'} layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{catalog.source.title || '未命名清单'}</MessageBarTitle>
          <span data-testid="preview-counts">
            任务 {summary.tasks} 项，单位 {summary.units} 个{summary.groups ? `，分组 ${summary.groups} 个` : ''}
          </span>
          ；按“{layout.label}”结构读取{warnings.length ? `；导入提示 ${warnings.length} 条` : ''}。
        </MessageBarBody>
      </MessageBar>
      <div>
        <h3 className={s.heading}>完成时限</h3>
        <ul className={s.list} data-testid="preview-deadlines">
          {Object.entries(summary.deadlines)
            .sort((a, b) => b[1] - a[1])
            .map(([kind, n]) => (
              <li key={kind}>
                {DEADLINE_KIND_LABELS[kind] ?? kind}：{n} 项
              </li>
            ))}
        </ul>
        <Text size={200}>报送时间：{calendarText(catalog)}</Text>
      </div>
      <details>
        <summary>任务（{catalog.tasks.length}）</summary>
        <ol className={s.list} data-testid="preview-tasks">
          {catalog.tasks.slice(0, 40).map((t) => (
            <li key={t.id}>
              {t.title}
              <Text size={200} className={s.muted}>
                {' '}
                {t.lead.join('、') || '（未写明牵头单位）'}；{t.deadline.raw || '未写明时限'}
              </Text>
            </li>
          ))}
          {catalog.tasks.length > 40 ? <li>……共 {catalog.tasks.length} 项</li> : null}
        </ol>
      </details>
      <details>
        <summary>单位（{units.length}）</summary>
        <Text size={200} className={props.pre}>
          {units.join('、')}
          {groups.length ? `\n分组：${groups.map((g) => `${g.name}（${(g.members ?? []).length} 个成员）`).join('、')}` : ''}
        </Text>
      </details>
      {warnings.length ? (
        <details open>
          <summary>导入提示（{warnings.length}）</summary>
          <ul className={s.list} data-testid="preview-warnings">
            {warnings.slice(0, 30).map((w, i) => (
              <li key={i}>
                {w.where ?? `第${w.line}行`}：{w.message}
              </li>
            ))}
            {warnings.length > 30 ? <li>……共 {warnings.length} 条</li> : null}
          </ul>
        </details>
      ) : null}
      <div className={s.row}>
        <Button appearance="primary" disabled={props.busy} onClick={props.onWrite}>
          写入任务清单
        </Button>
        <Button disabled={props.busy} onClick={props.onUse}>
          仅在本窗格使用
        </Button>
        <Button appearance="subtle" disabled={props.busy} onClick={props.onCancel}>
          取消
        </Button>
      </div>
    </div>
  );
}
