/**
 * The state of one picked return while a merge reads it, shared by the web page, its worker and the
 * Excel pane, with the Chinese label and badge colour both show.
 */
import type { MergeInput } from '../core/consolidation';

export type FileState = 'waiting' | 'reading' | 'ok' | 'unreadable' | 'not-a-report';

export const FILE_STATES: Record<FileState, { label: string; color: 'informative' | 'brand' | 'success' | 'danger' | 'warning' }> = {
  waiting: { label: '待读取', color: 'informative' },
  reading: { label: '读取中', color: 'brand' },
  ok: { label: '已读取', color: 'success' },
  unreadable: { label: '无法读取', color: 'danger' },
  'not-a-report': { label: '不是报表', color: 'warning' },
};

/** A file once read: understood, unreadable, or not a report, with the reason. */
export function fileStateOf(input: MergeInput): { state: FileState; message?: string } {
  if ('unreadable' in input) return { state: 'unreadable', message: input.unreadable };
  if (!input.outcome.ok) return { state: 'not-a-report', message: input.outcome.finding.message };
  return { state: 'ok' };
}
