/**
 * Small pieces the tabs of both doors share: the URL's preset, downloads, the file picker with drag
 * and drop, the Chinese error bar, a figure with its label, and the styles of findings.
 */
import { useRef, useState, type DragEvent } from 'react';
import { Button, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, mergeClasses, Text, tokens } from '@fluentui/react-components';
import { periodContaining } from '../core/period';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const ZIP_MIME = 'application/zip';

/** What a link may preset: ?catalog=000_45cf8959af68998b&period=2019Q2&asOf=2019-06-30 */
export interface PageParams {
  catalog?: string;
  period?: string;
  asOf?: string;
  /** The add-in's shared-folder catalog (\\\\server\\jindu) that downloaded templates should name. */
  share?: string;
}

export function readParams(search: string = typeof window === 'undefined' ? '' : window.location.search): PageParams {
  const q = new URLSearchParams(search);
  const get = (k: string) => q.get(k)?.trim() || undefined;
  return { catalog: get('catalog')?.replace(/\.txt$/i, ''), period: get('period'), asOf: get('asOf') ?? get('asof'), share: get('share') };
}

/** Today in the local calendar, ISO yyyy-mm-dd. */
export function todayIso(now: Date = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

export function currentQuarter(now: Date = new Date()): string {
  return periodContaining(todayIso(now), 'quarter').code;
}

export function isIsoDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s));
}

/** Saves bytes as a download in the browser: nothing leaves the machine. */
export function downloadBytes(bytes: Uint8Array, fileName: string, mime: string = XLSX_MIME): void {
  const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mime });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function errorMessage(e: unknown): string {
  return e instanceof Error && e.message ? e.message : '操作失败，请重试';
}

export function ErrorBar({ title = '出错了', message, onDismiss }: { title?: string; message: string | null; onDismiss?: () => void }) {
  if (!message) return null;
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {message}
      </MessageBarBody>
      {onDismiss ? (
        <Button appearance="transparent" size="small" onClick={onDismiss} aria-label="关闭提示">
          关闭
        </Button>
      ) : null}
    </MessageBar>
  );
}

export const useWebStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, paddingTop: tokens.spacingVerticalM, minWidth: 0 },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  stats: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(130px, 1fr))',
    gap: tokens.spacingHorizontalS,
  },
  stat: {
    display: 'flex',
    flexDirection: 'column',
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  statValue: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, lineHeight: tokens.lineHeightBase500 },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  scroll: {
    maxHeight: '240px',
    overflowY: 'auto',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  muted: { color: tokens.colorNeutralForeground3 },
  fileList: {
    margin: 0,
    padding: tokens.spacingHorizontalS,
    listStyleType: 'none',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
  },
  fileItem: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalS, '& > :last-child': { flexGrow: 1, minWidth: 0 } },
  breakAll: { wordBreak: 'break-all' },
  noShrink: { flexShrink: 0 },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
});

const usePickerStyles = makeStyles({
  zone: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: tokens.spacingHorizontalM,
    border: `2px dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  over: { border: `2px dashed ${tokens.colorBrandStroke1}`, backgroundColor: tokens.colorBrandBackground2 },
  input: { display: 'none' },
});

/** A button that opens the file dialog, in a zone that also takes files dropped on it. */
export function FilePicker(props: {
  id: string;
  label: string;
  accept: string;
  multiple?: boolean;
  disabled?: boolean;
  hint?: string;
  onFiles: (files: File[]) => void;
}) {
  const styles = usePickerStyles();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const take = (list: FileList | null) => {
    const files = list ? Array.from(list) : [];
    if (files.length) props.onFiles(props.multiple ? files : files.slice(0, 1));
  };
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    if (!props.disabled) take(e.dataTransfer.files);
  };
  return (
    <div
      className={mergeClasses(styles.zone, over && styles.over)}
      onDragOver={(e) => {
        e.preventDefault();
        if (!props.disabled) setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <input
        ref={input}
        id={props.id}
        data-testid={props.id}
        className={styles.input}
        type="file"
        accept={props.accept}
        multiple={props.multiple}
        disabled={props.disabled}
        aria-label={props.label}
        onChange={(e) => {
          take(e.currentTarget.files);
          e.currentTarget.value = '';
        }}
      />
      <Button disabled={props.disabled} onClick={() => input.current?.click()}>
        {props.label}
      </Button>
      <Text size={200}>{props.hint ?? '或把文件拖到这里'}</Text>
    </div>
  );
}

/** Severities in words, with the badge colour both doors show. */
export const SEVERITY_BADGES: Record<'error' | 'warning' | 'info', { label: string; color: 'danger' | 'warning' | 'informative' }> = {
  error: { label: '错误', color: 'danger' },
  warning: { label: '提醒', color: 'warning' },
  info: { label: '说明', color: 'informative' },
};

export const useFindingStyles = makeStyles({
  list: { margin: 0, padding: 0, listStyleType: 'none', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
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
});

/** A figure with its label (the 台账's and the 汇总's counts). */
export function Stat({ label, value, testId }: { label: string; value: number | string; testId?: string }) {
  const s = useWebStyles();
  return (
    <div className={s.stat}>
      <Text size={200}>{label}</Text>
      <span className={s.statValue} data-testid={testId}>
        {value}
      </span>
    </div>
  );
}

/**
 * An action of a tab: what it is busy with (a label, or null) and the Chinese reason it failed; `run`
 * does one action at a time and turns a failure into that message.
 */
export function useAction() {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (label: string, action: () => Promise<void>) => {
    setBusy(label);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  return { busy, error, setError, run };
}
