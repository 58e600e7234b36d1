/**
 * 台账: pick the 汇总 workbooks of several periods of one list (in any order; an earlier version's
 * 汇总 too), 生成台账, then the ledger shown and saved. Host-agnostic: the host reads the files and
 * builds the ledger (`build`), and saves the workbook (`save`: a download on the web page, a new
 * workbook in Excel).
 */
import { useState } from 'react';
import { Button, Spinner, Text } from '@fluentui/react-components';
import type { Ledger } from '../../core/ledger';
import { ErrorBar, errorMessage, FilePicker, useWebStyles } from '../shared';
import { LedgerView } from './LedgerView';

export interface LedgerResult {
  ledger: Ledger;
  fileName: string;
}

export function LedgerPanel<R extends LedgerResult = LedgerResult>(props: {
  idPrefix: string;
  build: (files: File[]) => Promise<R>;
  save: (result: R) => Promise<void>;
  saveLabel: string;
}) {
  const s = useWebStyles();
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<R | null>(null);
  const [error, setError] = useState<string | null>(null);

  const add = (picked: File[]) => {
    setResult(null);
    setError(null);
    setFiles((old) => {
      const byName = new Map(old.map((f) => [f.name, f]));
      for (const f of picked) byName.set(f.name, f);
      return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    });
  };

  const run = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await props.build(files));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const save = async () => {
    if (!result) return;
    setSaving(true);
    setError(null);
    try {
      await props.save(result);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className={s.section} aria-label="台账">
      <Text>
        选择同一责任清单各期的汇总表（“汇总”页或 jindu merge
        生成，较早版本生成的也可，顺序不限），生成全年台账：每个单位每项任务各期的状态和进展、状态变化、停滞任务、多次逾期或未报的单位和各期完成情况。
      </Text>
      <FilePicker id={`${props.idPrefix}-files`} label="选择各期汇总表" accept=".xlsx" multiple disabled={busy} onFiles={add} />
      {files.length ? (
        <div className={s.row}>
          <Text weight="semibold" data-testid={`${props.idPrefix}-count`}>
            已选 {files.length} 份汇总表：{files.map((f) => f.name).join('、')}
          </Text>
          <Button appearance="subtle" size="small" disabled={busy} onClick={() => (setFiles([]), setResult(null), setError(null))}>
            清空
          </Button>
        </div>
      ) : null}
      <div className={s.row}>
        <Button appearance="primary" disabled={!files.length || busy} onClick={() => void run()}>
          生成台账
        </Button>
        {busy ? <Spinner size="tiny" label="正在读取汇总表…" labelPosition="after" /> : null}
      </div>
      <ErrorBar title="未能生成台账" message={error} onDismiss={() => setError(null)} />
      {result ? (
        <LedgerView
          ledger={result.ledger}
          fileName={result.fileName}
          saveLabel={props.saveLabel}
          saving={saving}
          onSave={() => void save()}
        />
      ) : null}
    </section>
  );
}
