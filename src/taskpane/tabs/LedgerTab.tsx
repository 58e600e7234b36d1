/**
 * 台账: the host-agnostic LedgerPanel over the door: the picked 汇总 read (in the pane, or in the
 * web page's worker), the 台账 workbook opened in a new workbook (Excel) or downloaded.
 */
import { LedgerPanel } from '../components/LedgerPanel';
import { useHost } from '../hosts/context';
import type { LedgerDone } from '../hosts/types';

export default function LedgerTab() {
  const host = useHost();
  return <LedgerPanel<LedgerDone> idPrefix="ledger" saveLabel={host.words.saveLedger} build={host.buildLedger} save={host.saveLedger} />;
}
