/** Small pieces the Excel pane's tabs share. */
import { Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { parsePeriod, periodLabel } from '../../core/period';

export const usePaneStyles = makeStyles({
  /** A finding in the list: a full-width button with the cell and the message, text left. */
  finding: {
    justifyContent: 'flex-start',
    textAlign: 'left',
    fontWeight: tokens.fontWeightRegular,
    width: '100%',
    minWidth: 0,
    paddingLeft: tokens.spacingHorizontalXS,
  },
  cell: { fontFamily: tokens.fontFamilyMonospace, marginRight: tokens.spacingHorizontalXS, color: tokens.colorBrandForeground1 },
  grow: { minWidth: 0, flexGrow: 1 },
  pre: { whiteSpace: 'pre-wrap', wordBreak: 'break-all' },
  small: { fontSize: tokens.fontSizeBase200 },
  /** A select whose long option texts must not widen the 320 px pane. */
  select: { minWidth: 0, maxWidth: '100%' },
  selectInner: { minWidth: 0, width: '100%', textOverflow: 'ellipsis' },
});

export function PeriodField({ id, value, onChange }: { id: string; value: string; onChange: (v: string) => void }) {
  const p = parsePeriod(value);
  return (
    <Field
      label="报告期"
      validationState={p ? 'none' : 'error'}
      validationMessage={p ? periodLabel(p) : '请写作 2019Q2、2019H1、2019M06 或 2019'}
    >
      <Input id={id} value={value} onChange={(_, d) => onChange(d.value)} />
    </Field>
  );
}

export function AsOfField({ id, value, onChange }: { id: string; value: string; onChange: (v: string) => void }) {
  return (
    <Field label="截至日期" hint="完成时限在此日期之前且未完成的任务算逾期">
      <Input id={id} type="date" value={value} onChange={(_, d) => onChange(d.value)} />
    </Field>
  );
}
