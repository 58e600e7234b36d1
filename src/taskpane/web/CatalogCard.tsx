/**
 * The catalog picker on top of the web page: a bundled seed list chosen by its title, a catalog
 * .xlsx/.json file, or pasted list text; then the period and the as-of date every tab works with.
 */
import { useState } from 'react';
import {
  Button,
  Card,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Spinner,
  Text,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { summariseCatalog } from '../../core/catalog';
import { parsePeriod, periodLabel } from '../../core/period';
import type { CatalogInfo, SeedInfo } from './protocol';
import { FilePicker, useWebStyles } from './shared';

/** The select's value for a catalog that came from a file or pasted text. */
export const CUSTOM = 'custom';

const useStyles = makeStyles({
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  fields: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(140px, 1fr))', gap: tokens.spacingHorizontalM },
  select: { minWidth: 0, maxWidth: '100%' },
  textarea: { minHeight: '160px' },
});

export interface CatalogCardProps {
  seeds: SeedInfo[] | null;
  /** The select's value: a seed id, CUSTOM, or '' for none. */
  selected: string;
  customLabel: string | null;
  info: CatalogInfo | null;
  loading: boolean;
  period: string;
  asOf: string;
  onSeed: (id: string) => void;
  onFile: (file: File) => void;
  /** Shown when the list came from a file with tables: map its columns again. */
  onRemap?: () => void;
  onText: (text: string) => void;
  onPeriod: (v: string) => void;
  onAsOf: (v: string) => void;
}

export function CatalogCard(props: CatalogCardProps) {
  const styles = useStyles();
  const web = useWebStyles();
  const [pasting, setPasting] = useState(false);
  const [text, setText] = useState('');
  const period = parsePeriod(props.period);
  const summary = props.info ? summariseCatalog(props.info.catalog) : null;
  const warnings = props.info?.warnings ?? [];

  return (
    <Card className={styles.card} aria-label="任务清单与报告期">
      <Field label="任务清单" hint={props.seeds ? undefined : '正在载入内置清单…'}>
        <Select
          id="catalog-select"
          className={styles.select}
          value={props.selected}
          disabled={!props.seeds}
          onChange={(_, d) => {
            if (d.value && d.value !== CUSTOM) props.onSeed(d.value);
          }}
        >
          <option value="" disabled>
            请选择任务清单…
          </option>
          {(props.seeds ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.title}
            </option>
          ))}
          {props.customLabel ? <option value={CUSTOM}>{props.customLabel}</option> : null}
        </Select>
      </Field>

      <div className={web.row}>
        <FilePicker
          id="catalog-file"
          label="上传清单文件"
          accept=".docx,.xlsx,.pdf,.txt,.json"
          hint="印发的责任清单（Word、Excel、文字版 PDF、文本），或任务清单 .xlsx / .json"
          disabled={props.loading}
          onFiles={(files) => props.onFile(files[0])}
        />
        <Button appearance="subtle" aria-expanded={pasting} aria-controls="catalog-paste" onClick={() => setPasting(!pasting)}>
          {pasting ? '收起粘贴框' : '粘贴清单文本'}
        </Button>
        {props.onRemap ? (
          <Button appearance="subtle" onClick={props.onRemap}>
            调整列对应
          </Button>
        ) : null}
      </div>

      {pasting ? (
        <div id="catalog-paste" className={web.section}>
          <Field label="责任清单正文" hint="从文件中复制整份责任清单（含标题和正文）粘贴到这里">
            <Textarea
              className={styles.textarea}
              value={text}
              resize="vertical"
              onChange={(_, d) => setText(d.value)}
              placeholder="关于印发《……责任清单》的通知……"
            />
          </Field>
          <div className={web.row}>
            <Button appearance="primary" disabled={!text.trim() || props.loading} onClick={() => props.onText(text)}>
              导入
            </Button>
          </div>
        </div>
      ) : null}

      {props.loading ? <Spinner size="tiny" label="正在读取任务清单…" labelPosition="after" /> : null}

      {props.info && summary ? (
        <MessageBar intent={warnings.length ? 'warning' : 'success'} aria-live="polite">
          <MessageBarBody>
            <MessageBarTitle>{props.info.catalog.source.title || '任务清单'}</MessageBarTitle>
            <span data-testid="catalog-summary">
              任务 {summary.tasks} 项，单位 {summary.units} 个{summary.groups ? `，分组 ${summary.groups} 个` : ''}
              {props.info.layout ? `；按“${props.info.layout.label}”结构读取` : ''}
              {warnings.length ? `；导入提示 ${warnings.length} 条` : ''}
            </span>
            {warnings.length ? (
              <details>
                <summary>查看导入提示</summary>
                <ul className={web.list}>
                  {warnings.slice(0, 50).map((w, i) => (
                    <li key={i}>
                      {w.where ?? `第${w.line}行`}：{w.message}
                    </li>
                  ))}
                  {warnings.length > 50 ? <li>……共 {warnings.length} 条</li> : null}
                </ul>
              </details>
            ) : null}
          </MessageBarBody>
        </MessageBar>
      ) : null}

      <div className={styles.fields}>
        <Field
          label="报告期"
          validationState={period ? 'none' : 'error'}
          validationMessage={period ? periodLabel(period) : '请写作 2019Q2、2019H1、2019M06 或 2019'}
        >
          <Input id="period-input" value={props.period} onChange={(_, d) => props.onPeriod(d.value)} />
        </Field>
        <Field label="截至日期" hint="逾期按此日期判断">
          <Input id="asof-input" type="date" value={props.asOf} onChange={(_, d) => props.onAsOf(d.value)} />
        </Field>
      </div>
      {!props.info && !props.loading ? (
        <Text size={200} className={web.muted}>
          先选择任务清单，再在下方汇总、检查或生成模板。文件只在本机浏览器中处理，不会上传。
        </Text>
      ) : null}
    </Card>
  );
}
