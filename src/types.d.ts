/** Text files bundled by webpack as strings (rule `{ test: /\.txt$/, type: 'asset/source' }`). */
declare module '*.txt' {
  const text: string;
  export default text;
}

/** pdf.js's worker module, loaded into the same thread as its "fake worker" (src/documents/pdf.ts). */
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
