/** pdf.js's worker module, loaded into the same thread as its "fake worker" (src/documents/pdf.ts). */
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}

/** ExcelJS's streaming workbook writer by its own module, so that writing a 汇总 loads only that part of ExcelJS. */
declare module 'exceljs/lib/stream/xlsx/workbook-writer' {
  import type { stream } from 'exceljs';
  const WorkbookWriter: typeof stream.xlsx.WorkbookWriter;
  export default WorkbookWriter;
}

/** ExcelJS's XML writer and its shared-string part, which writeStream.ts renders the shared strings with. */
declare module 'exceljs/lib/utils/xml-stream' {
  class XmlStream {
    static StdDocAttributes: Record<string, string>;
    get xml(): string;
  }
  export default XmlStream;
}
declare module 'exceljs/lib/xlsx/xform/strings/shared-string-xform' {
  import type XmlStream from 'exceljs/lib/utils/xml-stream';
  class SharedStringXform {
    render(xmlStream: XmlStream, model: string): void;
  }
  export default SharedStringXform;
}
declare module 'exceljs/lib/xlsx/xform/strings/shared-strings-xform' {
  class SharedStringsXform {
    toXml(model: { count: number; values: { length: number; forEach(f: (s: string) => void): void } }): string;
  }
  export default SharedStringsXform;
}
