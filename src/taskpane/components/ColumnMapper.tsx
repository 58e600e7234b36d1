/**
 * 对应各列: when a list's table is not recognised (or the user wants to correct the guess), the
 * tables found, which row is the header, a role picker per column, and the tasks the choice yields,
 * live. Host-agnostic: plain data in (the document model, a mapping to start from), the import's
 * result out through a callback; the pane's 清单 tab and the web page's catalog card both use it.
 */
import { useMemo, useState } from 'react';
import { Button, Field, makeStyles, MessageBar, MessageBarBody, Select, Text, tokens } from '@fluentui/react-components';
import { tablesOf, type ListDocument } from '../../core/import/document';
import { importDocument, MAPPING_HINT, surveyTables, type ColumnMapping, type ImportResult } from '../../core/import';
import { columnsText } from '../../core/import/mapping';
import { headerKey, ROLE_LABELS, type ColumnRole } from '../../core/import/vocabulary';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  columns: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(140px, 1fr))', gap: tokens.spacingHorizontalS },
  column: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalS,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    minWidth: 0,
  },
  sample: { color: tokens.colorNeutralForeground3, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  select: { minWidth: 0, maxWidth: '100%' },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

/** The roles offered per column, in the order a list usually has them. */
const ROLES: ColumnRole[] = [
  'ignore',
  'number',
  'section',
  'title',
  'task',
  'measures',
  'lead',
  'units',
  'partners',
  'leaders',
  'deadline',
];

function yearOf(text: string): string | undefined {
  return /(20\d{2})/.exec(text)?.[1];
}

function short(s: string, n = 14): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n)}…` : t;
}

export interface ColumnMapperProps {
  doc: ListDocument;
  /** A mapping to start from (remembered in the catalog, or the last one chosen). */
  initial?: ColumnMapping;
  /** Why the mapper is shown: the importer's message. */
  reason?: string;
  onImport: (result: ImportResult) => void;
  onCancel?: () => void;
}

export function ColumnMapper(props: ColumnMapperProps) {
  const styles = useStyles();
  const tables = useMemo(() => tablesOf(props.doc), [props.doc]);
  const survey = useMemo(() => surveyTables(props.doc), [props.doc]);
  const start = (): ColumnMapping => {
    if (props.initial && tables[(props.initial.table ?? 1) - 1]) return props.initial;
    // The table with the most rows, its header as found, the roles the header words name.
    const best = survey.reduce((a, b) => (b.rows > a.rows ? b : a), survey[0]);
    const columns: ColumnMapping['columns'] = {};
    best?.roles.forEach((r, i) => {
      if (r) columns[i + 1] = r;
    });
    return { table: (best?.index ?? 0) + 1, headerRow: best?.headerRow || 1, columns };
  };
  const [mapping, setMapping] = useState<ColumnMapping>(start);
  const table = tables[(mapping.table ?? 1) - 1];
  const width = Math.max(0, ...(table?.rows.map((r) => r.cells.length) ?? [0]));
  const headerIndex = (mapping.headerRow ?? 1) - 1;
  const header = headerIndex >= 0 ? table?.rows[headerIndex] : undefined;
  const sample = table?.rows[headerIndex + 1];

  const preview = useMemo((): { result?: ImportResult; error?: string } => {
    if (!Object.values(mapping.columns).some((c) => c.role === 'task' || c.role === 'measures' || c.role === 'title')) {
      return { error: '请至少把一列选为“任务”（或“措施”“项目名称”）' };
    }
    try {
      return { result: importDocument(props.doc, { mapping }) };
    } catch (e) {
      return { error: e instanceof Error ? e.message : '无法按此对应读取' };
    }
  }, [mapping, props.doc]);

  const setRole = (column: number, value: string) => {
    const columns = { ...mapping.columns };
    if (value === 'ignore') delete columns[column];
    else if (value.startsWith('plan:')) columns[column] = { role: 'plan', year: value.slice(5) };
    else columns[column] = { role: value as ColumnRole };
    setMapping({ ...mapping, columns });
  };

  const chooseTable = (n: number) => {
    const s = survey[n - 1];
    const columns: ColumnMapping['columns'] = {};
    s?.roles.forEach((r, i) => {
      if (r) columns[i + 1] = r;
    });
    setMapping({ table: n, headerRow: s?.headerRow || 1, columns });
  };

  const result = preview.result;
  return (
    <section className={styles.root} aria-label="对应各列" data-testid="column-mapper">
      {props.reason ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>{props.reason.replace(MAPPING_HINT, '请在下方为各列选择内容。')}</MessageBarBody>
        </MessageBar>
      ) : null}
      <Text>请说明表格各列的内容，下方即时显示按此读出的任务。</Text>
      {tables.length > 1 ? (
        <Field label="表格">
          <Select
            id="mapping-table"
            className={styles.select}
            value={String(mapping.table ?? 1)}
            onChange={(_, d) => chooseTable(Number(d.value))}
          >
            {survey.map((s) => (
              <option key={s.index} value={String(s.index + 1)}>
                第{s.index + 1}个表格（{s.label}，{s.rows} 行 {s.columns} 列）
              </option>
            ))}
          </Select>
        </Field>
      ) : null}
      <Field label="表头所在行">
        <Select
          id="mapping-header"
          className={styles.select}
          value={String(mapping.headerRow ?? 1)}
          onChange={(_, d) => setMapping({ ...mapping, headerRow: Number(d.value) })}
        >
          <option value="0">没有表头（第1行就是任务）</option>
          {(table?.rows ?? []).slice(0, 10).map((r, i) => (
            <option key={i} value={String(i + 1)}>
              第{i + 1}行：
              {short(
                r.cells
                  .map((c) => c.original)
                  .filter(Boolean)
                  .join(' | '),
                30,
              )}
            </option>
          ))}
        </Select>
      </Field>
      <div className={styles.columns}>
        {Array.from({ length: width }, (_, i) => {
          const column = i + 1;
          const head = header?.cells[i]?.original ?? '';
          const year = yearOf(head);
          const current = mapping.columns[column];
          const value = current ? (current.role === 'plan' ? `plan:${current.year ?? ''}` : current.role) : 'ignore';
          return (
            <div key={column} className={styles.column}>
              <Text weight="semibold">
                第{column}列{head ? `：${short(headerKey(head) || head)}` : ''}
              </Text>
              <Text size={200} className={styles.sample} title={sample?.cells[i]?.original}>
                {sample?.cells[i]?.original ? short(sample.cells[i].original, 18) : '（空）'}
              </Text>
              <Select
                id={`mapping-role-${column}`}
                aria-label={`第${column}列的内容`}
                className={styles.select}
                value={value}
                onChange={(_, d) => setRole(column, d.value)}
              >
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {ROLE_LABELS[r]}
                  </option>
                ))}
                {year ? <option value={`plan:${year}`}>{year}年计划</option> : null}
              </Select>
            </div>
          );
        })}
      </div>
      <div data-testid="mapping-preview" aria-live="polite">
        {result ? (
          <>
            <Text weight="semibold" data-testid="mapping-count">
              按此对应可读出任务 {result.catalog.tasks.length} 项
            </Text>
            <Text size={200}>（{columnsText(mapping.columns)}）</Text>
            <ol className={styles.list}>
              {result.catalog.tasks.slice(0, 8).map((t) => (
                <li key={t.id}>
                  {t.title}
                  <Text size={200}>
                    {' '}
                    — {t.lead.join('、') || '（无牵头单位）'}
                    {t.partners.length ? `；配合：${t.partners.join('、')}` : ''}；{t.deadline.raw || '未写明时限'}
                  </Text>
                </li>
              ))}
              {result.catalog.tasks.length > 8 ? <li>……共 {result.catalog.tasks.length} 项</li> : null}
            </ol>
          </>
        ) : (
          <Text data-testid="mapping-error">{preview.error}</Text>
        )}
      </div>
      <div className={styles.row}>
        <Button appearance="primary" disabled={!result || !result.catalog.tasks.length} onClick={() => result && props.onImport(result)}>
          按此对应导入
        </Button>
        {props.onCancel ? (
          <Button appearance="subtle" onClick={props.onCancel}>
            取消
          </Button>
        ) : null}
      </div>
    </section>
  );
}

export default ColumnMapper;
