/**
 * The web page's worker: everything that reads or writes workbooks, or imports a list, runs here so
 * the page stays responsive. It answers the requests of web/protocol.ts with the engine (engine.ts,
 * which the Excel pane runs in itself), posting progress per file. ExcelJS is loaded on the first
 * request that needs it, not at start. workerStart.ts loads this module, after the polyfill script
 * where the engine needs it.
 */
import { addinReference } from '../core/addin';
import { xlsx } from './xlsxModules';
import {
  annotateFile,
  briefOf,
  catalogFile,
  checkFile,
  feedbackOne,
  feedbackZip,
  ledgerBytes,
  ledgerOf,
  mergeDone,
  mergeReturns,
  readConsolidationFile,
  readListFile,
  readListText,
  readWorkbookFile,
  templateFile,
  templatesZip,
  userMessage,
} from './engine';
import type { Progress, RequestType, WorkerApi, WorkerRequest, WorkerResponse } from './web/protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

type Handlers = {
  [K in RequestType]: (payload: WorkerApi[K]['payload'], progress: (p: Progress) => void) => Promise<WorkerApi[K]['result']>;
};

const handlers: Handlers = {
  listFile: (p) => readListFile(p.file, p.base),
  listText: (p) => readListText(p.text),
  catalogFile: (p) => catalogFile(p.catalog),
  merge: async (p, progress) => {
    const { result, period, previous, started } = await mergeReturns(
      p,
      (f) => progress({ kind: 'file', ...f }),
      (s) => progress({ kind: 'step', ...s }),
    );
    const { writeWorkbook } = await xlsx();
    const bytes = await writeWorkbook(result.workbook);
    return { ...mergeDone(result, { catalog: p.catalog, period, asOf: p.asOf, previous, started }), notes: [], handle: bytes };
  },
  consolidation: async (p) => briefOf(await readConsolidationFile(p.file)),
  workbook: (p) => readWorkbookFile(p.file),
  ledger: async (p, progress) => {
    const r = await ledgerOf(p.files, (s) => progress({ kind: 'step', ...s }));
    progress({ kind: 'step', done: p.files.length, total: p.files.length + 1, label: '正在生成台账…' });
    return { ...r, bytes: await ledgerBytes(r.ledger) };
  },
  check: (p) => checkFile(p.file, p.catalog, p.period, p.asOf),
  annotate: (p) => annotateFile(p.file, p.findings),
  feedback: (p, progress) => feedbackZip(p.files, p.copies, p.period, (s) => progress({ kind: 'step', ...s })),
  feedbackOne: async (p) => ({ fileName: p.copy.fileName, bytes: await feedbackOne(p.files, p.copy) }),
  template: (p) =>
    templateFile(p.catalog, p.unit, p.period, { addin: addinReference(p.share), previous: p.previous, copyPrevious: p.copyPrevious }),
  templates: (p, progress) =>
    templatesZip(p.catalog, p.period, { addin: addinReference(p.share) }, (s) => progress({ kind: 'step', ...s })),
};

/** The buffers of a result's bytes, moved to the page rather than copied. */
function transferables(result: unknown): Transferable[] {
  if (result && typeof result === 'object') {
    for (const key of ['bytes', 'handle'] as const) {
      const v = (result as Record<string, unknown>)[key];
      if (v instanceof Uint8Array) return [v.buffer as ArrayBuffer];
    }
  }
  return [];
}

scope.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const req = event.data;
  const post = (msg: WorkerResponse, transfer: Transferable[] = []) => scope.postMessage(msg, transfer);
  const handle = handlers[req.type] as (payload: unknown, progress: (p: Progress) => void) => Promise<unknown>;
  handle(req.payload, (progress) => post({ id: req.id, kind: 'progress', progress })).then(
    (result) => post({ id: req.id, kind: 'result', result }, transferables(result)),
    (e: unknown) => post({ id: req.id, kind: 'error', message: userMessage(e) }),
  );
};
