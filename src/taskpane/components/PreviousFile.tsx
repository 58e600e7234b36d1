/**
 * The previous period's file of a tab (the 汇总 for 汇总's copied-progress check, the 汇总 or the
 * unit's own return for 填报's last-period columns): pick one, see what it is, remove it.
 * Host-agnostic: the tab reads the file and passes what it found (`info`) or why not (`error`).
 */
import { useRef, useState } from 'react';
import { Button, Text } from '@fluentui/react-components';
import { ErrorBar, errorMessage, FilePicker, useWebStyles } from '../shared';

export function PreviousFile(props: {
  id: string;
  label: string;
  hint: string;
  file: File | null;
  /** What the file was read as, e.g. 2019年第二季度汇总表，27 个单位. */
  info: string | null;
  error: string | null;
  disabled?: boolean;
  onFile: (file: File | null) => void;
}) {
  const s = useWebStyles();
  return (
    <div className={s.section} style={{ paddingTop: 0 }}>
      {props.file ? (
        <div className={s.row} data-testid={`${props.id}-chosen`}>
          <Text size={200} className={s.breakAll}>
            {props.label}：{props.file.name}
            {props.info ? `（${props.info}）` : ''}
          </Text>
          <Button appearance="subtle" size="small" disabled={props.disabled} onClick={() => props.onFile(null)}>
            移除
          </Button>
        </div>
      ) : (
        <FilePicker
          id={props.id}
          label={`选择${props.label}`}
          accept=".xlsx"
          disabled={props.disabled}
          hint={props.hint}
          onFiles={(f) => props.onFile(f[0] ?? null)}
        />
      )}
      <ErrorBar title={`${props.label}无法使用`} message={props.error} onDismiss={() => props.onFile(null)} />
    </div>
  );
}

/**
 * The state behind a PreviousFile: the picked file, what `read` made of it (or the Chinese reason it
 * could not), cleared when the file is removed. A later pick wins over an earlier one still reading.
 */
export function usePreviousFile<T>(read: (file: File) => Promise<T>) {
  const [file, setFile] = useState<File | null>(null);
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);
  const pick = (f: File | null) => {
    const turn = ++latest.current;
    setFile(f);
    setValue(null);
    setError(null);
    if (!f) return;
    read(f).then(
      (v) => {
        if (turn === latest.current) setValue(() => v);
      },
      (e: unknown) => {
        if (turn === latest.current) setError(errorMessage(e));
      },
    );
  };
  return { file, value, error, pick };
}
