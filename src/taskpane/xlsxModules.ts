/**
 * The xlsx modules, each loaded once on first use, for the pane and for the web page's worker:
 * the reader alone (no ExcelJS) to read returns and catalog workbooks, and the whole xlsx module
 * (ExcelJS inside) only when a workbook is written.
 */
type ReaderModule = typeof import('../xlsx/read');
type XlsxModule = typeof import('../xlsx');
type FeedbackModule = typeof import('../xlsx/feedback');

let readerModule: Promise<ReaderModule> | undefined;
let xlsxModule: Promise<XlsxModule> | undefined;
let feedbackModule: Promise<FeedbackModule> | undefined;

export function reader(): Promise<ReaderModule> {
  readerModule ??= import(/* webpackChunkName: "xlsx-read" */ '../xlsx/read');
  return readerModule;
}

export function xlsx(): Promise<XlsxModule> {
  xlsxModule ??= import(/* webpackChunkName: "xlsx" */ '../xlsx');
  return xlsxModule;
}

/** The marked-up copies of returns for feedback (ExcelJS inside). */
export function feedbackWriter(): Promise<FeedbackModule> {
  feedbackModule ??= import(/* webpackChunkName: "feedback" */ '../xlsx/feedback');
  return feedbackModule;
}
