/**
 * A copy of a return with its problems marked: every cell a finding points at is filled light red
 * and carries a note with the finding's message, and a sheet 问题清单 lists all findings (also those
 * that point at no cell). The original file is read with the same checks as readWorkbook.
 */
import ExcelJS from 'exceljs';
import { FINDING_LABELS, type Finding } from '../core/finding';
import { parseAddress } from '../core/workbook';
import { checkWorkbookBytes, DEFAULT_LIMITS, UnreadableFileError } from './guard';

export const ANNOTATION_FILL = 'FFFFC7CE';
export const FINDINGS_SHEET = '问题清单';

const SEVERITY_LABEL = { error: '错误', warning: '提醒', info: '说明' } as const;

/** A sheet name not yet used in the workbook: 问题清单, 问题清单2, … */
export function freeSheetName(wb: ExcelJS.Workbook, base: string): string {
  const taken = new Set(wb.worksheets.map((ws) => ws.name));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
}

function noteText(note: ExcelJS.Comment | string | undefined): string {
  if (!note) return '';
  if (typeof note === 'string') return note;
  return (note.texts ?? []).map((t) => t.text).join('');
}

/** The workbook loaded into ExcelJS, with the same checks as readWorkbook. */
export async function loadChecked(bytes: Uint8Array, fileName: string): Promise<ExcelJS.Workbook> {
  checkWorkbookBytes(bytes, fileName, DEFAULT_LIMITS);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    throw new UnreadableFileError(`文件已损坏，无法读取（${e instanceof Error ? e.message.slice(0, 80) : '未知错误'}）`, 'corrupt');
  }
  return wb;
}

/** Every cell a finding points at filled light red, with the findings' messages in its note. */
export function markFindings(wb: ExcelJS.Workbook, findings: Finding[]): void {
  // Messages per cell, so that two findings on one cell make one note.
  const byCell = new Map<string, { ws: ExcelJS.Worksheet; address: string; lines: string[] }>();
  for (const f of findings) {
    if (!f.sheet || !f.cell || !parseAddress(f.cell)) continue;
    const ws = wb.getWorksheet(f.sheet);
    if (!ws) continue;
    const key = `${ws.id}!${f.cell}`;
    const entry = byCell.get(key) ?? { ws, address: f.cell.replace(/\$/g, ''), lines: [] };
    entry.lines.push(`【${FINDING_LABELS[f.code] ?? f.code}】${f.message}`);
    byCell.set(key, entry);
  }
  for (const { ws, address, lines } of byCell.values()) {
    const picked = ws.getCell(address);
    // A merged range is shown by its top-left cell: mark that one.
    const cell = picked.isMerged ? picked.master : picked;
    // ExcelJS shares one style object among the cells read with the same style: the marked cell gets its own.
    cell.style = { ...cell.style, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: ANNOTATION_FILL } } };
    const before = noteText(cell.note);
    const text = [before, ...lines].filter(Boolean).join('\n');
    cell.note = { texts: [{ text }], editAs: 'absolute' } as unknown as ExcelJS.Comment;
  }
}

export async function annotateWorkbook(bytes: Uint8Array, findings: Finding[], fileName = ''): Promise<Uint8Array> {
  const wb = await loadChecked(bytes, fileName);
  markFindings(wb, findings);

  const list = wb.addWorksheet(freeSheetName(wb, FINDINGS_SHEET), { views: [{ state: 'frozen', ySplit: 1 }] });
  // In words; the code last, for whoever filters by it.
  list.columns = [
    { header: '序号', width: 6 },
    { header: '级别', width: 6 },
    { header: '问题', width: 14 },
    { header: '工作表', width: 14 },
    { header: '单元格', width: 8 },
    { header: '说明', width: 70 },
    { header: '代码', width: 18 },
  ];
  findings.forEach((f, i) => {
    // Text stays text: ExcelJS writes strings as shared strings, never as formulas.
    list.addRow([
      i + 1,
      SEVERITY_LABEL[f.severity] ?? '',
      FINDING_LABELS[f.code] ?? f.code,
      f.sheet ?? '',
      f.cell ?? '',
      f.message,
      f.code,
    ]);
  });
  if (!findings.length) list.addRow(['', '', '', '', '', '未发现问题', '']);
  const head = list.getRow(1);
  head.font = { bold: true };
  head.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E2F3' } };
  });
  list.getColumn(6).alignment = { wrapText: true, vertical: 'top' };

  const out = await wb.xlsx.writeBuffer();
  return new Uint8Array(out as ArrayBuffer);
}
