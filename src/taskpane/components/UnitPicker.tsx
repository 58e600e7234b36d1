/**
 * The one unit picker of both doors: type part of the name, a short name, an alias, the pinyin or
 * its initials (jyj → 区教育局); when nothing matches, the nearest units are offered, and the field
 * says why the unit is not taken. Host-agnostic: the units in, the chosen unit out.
 */
import { useEffect, useMemo, useState } from 'react';
import { Combobox, Field, makeStyles, Option, OptionGroup } from '@fluentui/react-components';
import type { Unit } from '../../core/units';
import { nearestUnits, searchUnits, unitIndex } from '../unitSearch';

const useStyles = makeStyles({
  box: { width: '100%', maxWidth: '420px', minWidth: 0 },
  field: { maxWidth: '420px' },
});

export interface UnitPickerProps {
  id: string;
  label?: string;
  /** The units to choose from, in directory order. */
  units: readonly string[];
  /** The catalog's unit directory, for aliases. */
  directory?: readonly Unit[];
  value: string | null;
  onChange: (unit: string | null) => void;
  disabled?: boolean;
  /** Shown under the field when a unit is chosen or nothing is typed. */
  hint?: string;
}

export function UnitPicker(props: UnitPickerProps) {
  const styles = useStyles();
  const index = useMemo(() => unitIndex(props.units, props.directory), [props.units, props.directory]);
  const [query, setQuery] = useState(props.value ?? '');
  // A unit chosen elsewhere (the workbook's template) shows in the field; typing, which clears the choice, keeps what is typed.
  useEffect(() => {
    if (props.value !== null) setQuery(props.value);
  }, [props.value]);
  // Another list: what was typed for the last one is gone.
  useEffect(() => {
    if (props.value === null) setQuery('');
  }, [props.units]);

  const typed = query.trim();
  const hits = searchUnits(index, typed === props.value ? '' : typed, 60);
  const nearest = hits.length ? [] : nearestUnits(index, typed);
  const unknown = !!typed && !props.value;
  const message = unknown
    ? hits.length
      ? `“${typed}”不是完整的单位名称，请从列表中选择`
      : nearest.length
        ? `没有名为“${typed}”的单位，是否要找：${nearest.join('、')}？`
        : `没有名为“${typed}”的单位：可输入单位全称、简称或拼音首字母`
    : undefined;

  return (
    <Field
      className={styles.field}
      label={props.label ?? '填报单位'}
      hint={message ? undefined : props.hint}
      validationState={message ? 'warning' : 'none'}
      validationMessage={message}
    >
      <Combobox
        id={props.id}
        className={styles.box}
        freeform
        placeholder="输入单位名称、简称或拼音首字母（如 jyj）"
        disabled={props.disabled}
        value={query}
        selectedOptions={props.value ? [props.value] : []}
        // Under the field, as wide as it, and as tall as the room below allows: never detached or flipped off the screen.
        positioning={{ position: 'below', align: 'start', matchTargetSize: 'width', autoSize: 'height', pinned: true }}
        onChange={(e) => {
          // Typing replaces the choice: a unit counts once picked, or typed in full.
          const v = e.currentTarget.value;
          setQuery(v);
          props.onChange(props.units.includes(v.trim()) ? v.trim() : null);
        }}
        onOptionSelect={(_, d) => {
          // Typing over a chosen unit deselects it (no option value): what is typed stays.
          if (!d.optionValue) {
            props.onChange(null);
            return;
          }
          setQuery(d.optionText ?? d.optionValue);
          props.onChange(d.optionValue);
        }}
      >
        {hits.map((u) => (
          <Option key={u} value={u}>
            {u}
          </Option>
        ))}
        {!hits.length && nearest.length ? (
          <OptionGroup label="没有完全匹配的单位，相近的有">
            {nearest.map((u) => (
              <Option key={u} value={u}>
                {u}
              </Option>
            ))}
          </OptionGroup>
        ) : null}
        {!hits.length && !nearest.length ? (
          <Option key="__none" value="" disabled text="">
            没有匹配的单位
          </Option>
        ) : null}
      </Combobox>
    </Field>
  );
}
