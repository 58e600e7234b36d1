/**
 * 清单: the list in use (kept by the door: in the workbook in Excel, downloaded as the catalog
 * workbook on the web page), the site's bundled lists and the lists used lately to switch to, a list
 * file as issued (Word, Excel, PDF, text, or a catalog .xlsx/.json) or pasted text: a preview (tasks,
 * units, deadlines, warnings), then 使用此清单. When a document's table is not recognised, or to correct
 * the guess, the column mapping reads it. Groups without members get their members here.
 */
import { lazy, Suspense, useState } from 'react';
import {
  Button,
  makeStyles,
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
import { setGroupMembers } from '../../core/assignment';
import { DEADLINE_KIND_LABELS, summariseCatalog, type Catalog } from '../../core/catalog';
import type { ListDocument } from '../../core/import/document';
import { GroupMembers } from '../components/GroupMembers';
import { useHost } from '../hosts/context';
import type { CatalogInfo, CurrentCatalog } from '../hosts/types';
import type { TabProps } from '../Shell';
import { ErrorBar, FilePicker, useAction, useWebStyles } from '../shared';

// The column mapping (and the importer it runs) loads only when a list's table needs it.
const ColumnMapper = lazy(() => import(/* webpackChunkName: "column-mapper" */ '../components/ColumnMapper'));

const useStyles = makeStyles({
  /** A select whose long option texts must not widen a 350 px pane. */
  select: { minWidth: 0, maxWidth: '100%' },
  selectInner: { minWidth: 0, width: '100%', textOverflow: 'ellipsis' },
  field: { minWidth: 0, maxWidth: '640px' },
});

const FREQUENCY: Record<string, string> = { quarterly: '每季度', 'half-yearly': '每半年', monthly: '每月', yearly: '每年' };

export function calendarText(c: Catalog): string {
  const cal = c.calendar;
  if (!cal.frequency) return '清单未写明报送时间（按报告期末日计）';
  if (cal.frequency === 'monthly') return `每月${cal.dues[0]?.day ?? ''}日前`;
  return `${FREQUENCY[cal.frequency]}：${cal.dues.map((d) => `${d.month}月${d.day}日`).join('、')}前`;
}

function originText(c: CurrentCatalog, inWorkbook: boolean): string {
  if (c.origin.kind === 'workbook') return '本工作簿的“任务清单”工作表';
  if (c.origin.kind === 'bundled') return inWorkbook ? '本站内置清单（未写入本工作簿）' : '本站内置清单';
  return `${c.origin.label}${inWorkbook ? '（未写入本工作簿）' : ''}`;
}

export default function CatalogTab(props: TabProps) {
  const s = useWebStyles();
  const styles = useStyles();
  const host = useHost();
  const { current } = props;
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<{ info: CatalogInfo; label: string } | null>(null);
  const action = useAction();
  const { busy, error, setError } = action;
  const [done, setDone] = useState<string | null>(null);
  /** The document of the last list file or text, its label, and whether its columns are being mapped. */
  const [listDoc, setListDoc] = useState<{ doc: ListDocument; label: string } | null>(null);
  const [mapping, setMapping] = useState<{ reason?: string } | null>(null);
  const summary = current ? summariseCatalog(current.catalog) : null;

  const run = (label: string, act: () => Promise<void>) => {
    setDone(null);
    return action.run(label, act);
  };

  const read = (label: string, get: () => Promise<{ info?: CatalogInfo; doc?: ListDocument; error?: string }>) =>
    run('正在读取清单…', async () => {
      setPreview(null);
      setMapping(null);
      const r = await get();
      setListDoc(r.doc ? { doc: r.doc, label } : null);
      if (r.info) setPreview({ info: r.info, label });
      else if (r.doc) setMapping({ reason: r.error });
      else throw new Error(r.error ?? '无法读取此清单');
    });

  const use = (info: CatalogInfo, label: string, write: boolean) =>
    run(write ? '正在写入任务清单…' : '正在切换…', async () => {
      let origin: CurrentCatalog['origin'] = { kind: 'imported', label };
      if (write) {
        setDone(await host.saveCatalog(info.catalog));
        if (host.savesCatalogInWorkbook) origin = { kind: 'workbook' };
      } else setDone(`已改用${label}：《${info.catalog.source.title || '任务清单'}》。`);
      props.onCatalog({ ...info, origin });
      setPreview(null);
      setListDoc(null);
      setText('');
    });

  const pickBundled = (id: string) =>
    run('正在载入内置清单…', async () => {
      const list = props.bundled.find((l) => l.id === id);
      if (!list) return;
      props.onCatalog({ ...(await host.loadBundled(list)), origin: { kind: 'bundled', id } });
      setPreview(null);
      setDone(`已改用内置清单《${list.title}》。`);
    });

  /** Members added to a group: kept in the workbook's 单位名录 when the catalog lives there. */
  const addMembers = (group: string, members: string[]) =>
    run('正在写入单位名录…', async () => {
      if (!current) return;
      const catalog = setGroupMembers(current.catalog, group, members);
      const written = current.origin.kind === 'workbook';
      if (written) await host.saveCatalog(catalog);
      props.onCatalog({ ...current, catalog });
      setDone(
        `已为${group}添加成员单位：${members.join('、')}${written ? '（已写入“单位名录”）' : `；可点“${host.words.saveCatalog}”保存`}。`,
      );
    });

  const bundledId = current?.origin.kind === 'bundled' ? current.origin.id : '';

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
            来源：{originText(current, host.savesCatalogInWorkbook)}；版本 {current.catalog.version}
          </Text>
          {!host.savesCatalogInWorkbook || current.origin.kind !== 'workbook' ? (
            <div className={s.row}>
              <Button
                size="small"
                disabled={!!busy}
                onClick={() =>
                  void run('正在保存…', async () => {
                    const message = await host.saveCatalog(current.catalog);
                    if (host.savesCatalogInWorkbook) props.onCatalog({ ...current, origin: { kind: 'workbook' } });
                    setDone(message);
                  })
                }
              >
                {host.words.saveCatalog}
              </Button>
            </div>
          ) : null}
        </Card>
      ) : (
        <MessageBar intent="info">
          <MessageBarBody>
            <MessageBarTitle>尚未选择任务清单</MessageBarTitle>
            {props.bundled.length ? '请选择本站内置的清单，' : '本站没有内置清单：'}
            请上传本单位印发的责任清单（Word、Excel、文字版 PDF 或文本），或粘贴清单正文。选定后，下次打开仍使用此清单。
          </MessageBarBody>
        </MessageBar>
      )}

      {props.bundled.length ? (
        <Field className={styles.field} label="本站内置的清单" hint={props.bundled.length > 1 ? '改用另一份清单' : undefined}>
          <Select
            id="catalog-select"
            className={styles.select}
            select={{ className: styles.selectInner }}
            value={bundledId}
            disabled={!!busy}
            onChange={(_, d) => d.value && void pickBundled(d.value)}
          >
            <option value="" disabled>
              选择内置清单…
            </option>
            {props.bundled.map((l) => (
              <option key={l.id} value={l.id}>
                {l.title}
              </option>
            ))}
          </Select>
        </Field>
      ) : null}

      {props.recent.length ? (
        <div className={s.section} style={{ paddingTop: 0 }}>
          <Text weight="semibold" size={200}>
            最近使用的清单
          </Text>
          <div className={s.row} data-testid="catalog-recent">
            {props.recent.map((r, i) => (
              <Button key={i} size="small" disabled={!!busy} onClick={() => props.onOpenRecent(r)}>
                {r.title}
              </Button>
            ))}
          </div>
        </div>
      ) : null}

      <FilePicker
        id="catalog-file"
        label="上传清单文件"
        accept=".docx,.xlsx,.pdf,.txt,.json"
        hint="印发的责任清单（Word、Excel、文字版 PDF、文本），或任务清单 .xlsx / .json"
        disabled={!!busy}
        onFiles={(files) => {
          // Another list chosen: text pasted before is no longer what is shown.
          setText('');
          void read(`“${files[0].name}”`, () => host.readListFile(files[0]));
        }}
      />
      <Field label="或粘贴责任清单正文" hint="从文件中复制整份责任清单（含标题和正文）粘贴到这里">
        <Textarea
          id="catalog-text"
          value={text}
          resize="vertical"
          rows={5}
          onChange={(_, d) => setText(d.value)}
          placeholder="关于印发《……责任清单》的通知……"
        />
      </Field>
      <div className={s.row}>
        <Button disabled={!text.trim() || !!busy} onClick={() => void read('粘贴的清单', () => host.readListText(text))}>
          读取粘贴的清单
        </Button>
        {listDoc && !mapping ? (
          <Button appearance="subtle" onClick={() => setMapping({})}>
            调整列对应
          </Button>
        ) : null}
        {busy ? <Spinner size="tiny" label={busy} labelPosition="after" /> : null}
      </div>
      {mapping && listDoc ? (
        <Suspense fallback={<Spinner size="tiny" label="正在载入…" labelPosition="after" />}>
          <ColumnMapper
            doc={listDoc.doc}
            reason={mapping.reason}
            initial={(preview?.info ?? current)?.catalog.mapping}
            onCancel={() => setMapping(null)}
            onImport={(r) => {
              setMapping(null);
              setPreview({ info: { catalog: r.catalog, warnings: r.warnings, layout: r.layout }, label: listDoc.label });
            }}
          />
        </Suspense>
      ) : null}
      <ErrorBar title="任务清单" message={error} onDismiss={() => setError(null)} />
      {done ? (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{done}</MessageBarBody>
        </MessageBar>
      ) : null}

      {preview ? (
        <Preview
          info={preview.info}
          busy={!!busy}
          writeLabel={host.savesCatalogInWorkbook ? '使用并写入本工作簿' : undefined}
          onUse={(write) => void use(preview.info, preview.label, write)}
          onCancel={() => setPreview(null)}
        />
      ) : null}

      {/* Groups of the list in use, after the ways to switch lists (切换清单 leads here). */}
      {current ? <GroupMembers catalog={current.catalog} busy={!!busy} onMembers={(g, m) => void addMembers(g, m)} /> : null}
    </section>
  );
}

function Preview(props: { info: CatalogInfo; busy: boolean; writeLabel?: string; onUse: (write: boolean) => void; onCancel: () => void }) {
  const s = useWebStyles();
  const { catalog, warnings, layout } = props.info;
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
          {layout ? `；按“${layout.label}”结构读取` : ''}
          {warnings.length ? `；导入提示 ${warnings.length} 条` : ''}。
        </MessageBarBody>
      </MessageBar>
      <div className={s.row}>
        <Button appearance="primary" disabled={props.busy} onClick={() => props.onUse(false)}>
          使用此清单
        </Button>
        {props.writeLabel ? (
          <Button disabled={props.busy} onClick={() => props.onUse(true)}>
            {props.writeLabel}
          </Button>
        ) : null}
        <Button appearance="subtle" disabled={props.busy} onClick={props.onCancel}>
          取消
        </Button>
      </div>
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
        <Text size={200} className={s.breakAll}>
          {units.join('、')}
          {groups.length ? `；分组：${groups.map((g) => `${g.name}（${(g.members ?? []).length} 个成员）`).join('、')}` : ''}
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
    </div>
  );
}
