/**
 * 催报 after a merge: a paste-ready message per unit to chase (not reported, a blank form or another
 * period's, late, tasks left out) and one for all, each with a copy button. The unit's 填报人 and
 * 联系电话 come from its latest return in this batch, else from last period's 汇总 given to the
 * merge, else from any earlier 汇总 picked here (core/contacts.ts). Host-agnostic.
 */
import { useMemo, useRef, useState } from 'react';
import { Badge, Button, makeStyles, Text, Textarea, tokens } from '@fluentui/react-components';
import type { Catalog } from '../../core/catalog';
import type { MergeSummary } from '../../core/consolidation';
import { contactText, unitContacts, type ContactRecord } from '../../core/contacts';
import { parsePeriod, periodLabel, type Period } from '../../core/period';
import { REMINDER_REASONS, reminders } from '../../core/reminder';
import { useHost } from '../hosts/context';
import type { RecordUnit } from '../../core/consolidationRecord';
import { useWebStyles } from '../shared';
import { PreviousFile, usePreviousFile } from './PreviousFile';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  all: { minHeight: '160px', fontFamily: tokens.fontFamilyBase },
  unit: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    padding: tokens.spacingVerticalS,
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
  },
  head: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  grow: { flexGrow: 1, minWidth: 0 },
  text: { whiteSpace: 'pre-wrap', wordBreak: 'break-word', margin: 0, fontFamily: tokens.fontFamilyBase, fontSize: tokens.fontSizeBase200 },
  list: { margin: 0, padding: 0, listStyleType: 'none', maxHeight: '420px', overflowY: 'auto' },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** Copies text to the clipboard; where the Clipboard API is missing or refused (older webviews), through a selected text area. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // refused: fall back below
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

export function RemindPanel(props: {
  summary: MergeSummary;
  catalog: Catalog;
  period: Period;
  asOf: string;
  previousUnits?: RecordUnit[];
}) {
  const s = useWebStyles();
  const styles = useStyles();
  const host = useHost();
  const extra = usePreviousFile(host.readConsolidation);
  const [copied, setCopied] = useState<string | null>(null);
  const allRef = useRef<HTMLTextAreaElement>(null);
  const result = useMemo(() => {
    const earlier: ContactRecord[] = [];
    if (props.previousUnits) {
      const code = props.summary.previous?.period ?? '';
      const p = parsePeriod(code);
      earlier.push({ period: code, periodLabel: p ? periodLabel(p) : '上期', units: props.previousUnits });
    }
    if (extra.value) earlier.push(extra.value);
    return reminders(props.summary, {
      catalog: props.catalog,
      period: props.period,
      asOf: props.asOf,
      contacts: unitContacts(props.summary.files, earlier),
    });
  }, [props.summary, props.catalog, props.period, props.asOf, props.previousUnits, extra.value]);
  const withoutContact = result.units.filter((u) => !u.contact).length;

  const copy = async (key: string, text: string) => {
    const ok = await copyText(text);
    setCopied(ok ? key : `failed:${key}`);
    if (!ok && key === 'all') allRef.current?.select();
  };

  return (
    <section className={styles.root} role="region" aria-label="催报" data-testid="remind">
      <h3 className={s.heading}>催报</h3>
      {result.units.length ? (
        <>
          <Text size={200}>
            需催报 {result.units.length} 个单位
            {withoutContact ? `，其中 ${withoutContact} 个在本批报表和所选汇总表中没有填报人和联系电话` : ''}
            。文字可直接粘贴到工作群或短信中。
          </Text>
          <div className={s.row}>
            <Button appearance="primary" onClick={() => void copy('all', result.text)} data-testid="remind-copy-all">
              复制全部催报文字
            </Button>
            {copied === 'all' ? (
              <Text size={200} role="status">
                已复制
              </Text>
            ) : copied === 'failed:all' ? (
              <Text size={200} role="status">
                无法直接复制：已选中下方文字，请按 Ctrl+C
              </Text>
            ) : null}
          </div>
          <Textarea
            ref={allRef}
            className={styles.all}
            readOnly
            value={result.text}
            resize="vertical"
            aria-label="全部催报文字"
            id="remind-all"
          />
          <ul className={styles.list} data-testid="remind-units">
            {result.units.map((u) => (
              <li key={u.unit} className={styles.unit} data-unit={u.unit}>
                <span className={styles.head}>
                  <Text weight="semibold" size={200} className={styles.grow}>
                    {u.unit}
                  </Text>
                  <Badge appearance="tint" color={u.reason === 'late' || u.reason === 'missing-tasks' ? 'warning' : 'danger'}>
                    {REMINDER_REASONS[u.reason]}
                  </Badge>
                  <Button size="small" onClick={() => void copy(u.unit, u.text)}>
                    {copied === u.unit ? '已复制' : '复制'}
                  </Button>
                </span>
                <Text size={200} className={styles.muted}>
                  {u.contact ? `${contactText(u.contact)}（来自${u.contact.source}）` : '未找到填报人和联系电话'}
                </Text>
                <details>
                  <summary>
                    <Text size={200}>催报文字</Text>
                  </summary>
                  <pre className={styles.text}>{u.text}</pre>
                </details>
              </li>
            ))}
          </ul>
          <PreviousFile
            id="remind-contacts"
            label="以往汇总表"
            hint="可选：从更早的汇总表中补充各单位的填报人和联系电话"
            file={extra.file}
            info={
              extra.value
                ? `${extra.value.periodLabel}，${extra.value.units.filter((x) => x.reporter || x.phone).length} 个单位有联系人`
                : null
            }
            error={extra.error}
            onFile={extra.pick}
          />
        </>
      ) : (
        <Text size={200}>各单位均已按时报送，且无缺报任务，无需催报。</Text>
      )}
    </section>
  );
}
