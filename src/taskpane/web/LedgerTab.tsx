/**
 * 台账 on the web page: the host-agnostic LedgerPanel, reading the picked 汇总 and writing the 台账
 * workbook in the worker, saved as a download.
 */
import { LedgerPanel } from '../components/LedgerPanel';
import type { LedgerResult } from './protocol';
import { downloadBytes } from './shared';
import { workerClient } from './workerClient';

export function LedgerTab() {
  return (
    <LedgerPanel<LedgerResult>
      idPrefix="ledger"
      saveLabel="下载台账"
      build={(files) => workerClient.call('ledger', { files })}
      save={async (r) => downloadBytes(r.bytes, r.fileName)}
    />
  );
}
