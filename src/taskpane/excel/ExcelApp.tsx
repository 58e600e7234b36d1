/**
 * The task pane inside Excel: the one shell (../Shell.tsx) over the open workbook, through the
 * Office.js adapter of the context (the real one, or the preview's workbook in memory).
 */
import { useMemo } from 'react';
import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { excelHost } from '../hosts/excel';
import { Shell, type TabId } from '../Shell';
import { useAdapter } from './adapter';

export type { TabId };

export interface ExcelAppProps {
  /** Today, ISO (tests fix it). */
  today?: string;
  initialTab?: TabId;
}

export function ExcelApp({ today, initialTab }: ExcelAppProps) {
  const adapter = useAdapter();
  const host = useMemo(() => excelHost(adapter), [adapter]);
  const notes = useMemo(() => adapter.missingFeatureNotes(), [adapter]);
  return (
    <>
      {notes.length ? (
        <MessageBar intent="info">
          <MessageBarBody>
            <MessageBarTitle>部分功能不可用</MessageBarTitle>
            {notes.join('；')}。
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <Shell host={host} today={today} initialTab={initialTab} />
    </>
  );
}

export default ExcelApp;
