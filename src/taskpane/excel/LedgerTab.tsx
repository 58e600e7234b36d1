/**
 * 台账 in the Excel pane: the host-agnostic LedgerPanel, reading the picked 汇总 in the pane and
 * opening the 台账 workbook (with its chart) through Excel.createWorkbook.
 */
import { buildLedger } from '../../core/ledger';
import { ledgerFileName, ledgerWorkbook } from '../../core/ledgerWorkbook';
import { LedgerPanel } from '../components/LedgerPanel';
import { xlsx } from '../xlsxModules';
import { useAdapter } from './adapter';
import { readPickedConsolidation, toBase64 } from './returns';

export function LedgerTab() {
  const adapter = useAdapter();
  return (
    <LedgerPanel
      idPrefix="xledger"
      saveLabel="在新工作簿中打开"
      build={async (files) => {
        const inputs = [];
        for (const file of files) inputs.push({ record: await readPickedConsolidation(file), file: file.name });
        const ledger = buildLedger(inputs);
        return { ledger, fileName: ledgerFileName(ledger) };
      }}
      save={async ({ ledger }) => {
        const { writeWorkbook } = await xlsx();
        await adapter.openInNewWorkbook(toBase64(await writeWorkbook(ledgerWorkbook(ledger))));
      }}
    />
  );
}
