/** pdf.js's worker module, loaded into the same thread as its "fake worker" (src/documents/pdf.ts). */
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
