/**
 * The Excel pane, loaded as its own chunk so that the web page does not carry it. `?mode=excel-preview`
 * in a plain browser shows the same pane on an in-memory workbook (for screenshots and demos; it
 * writes nothing anywhere).
 */
import { lazy, Suspense } from 'react';
import { Spinner } from '@fluentui/react-components';

const ExcelApp = lazy(() => import(/* webpackChunkName: "excel" */ './ExcelApp'));
const ExcelPreview = lazy(() => import(/* webpackChunkName: "excel-preview" */ './preview'));

export function isExcelPreview(search: string = typeof window === 'undefined' ? '' : window.location.search): boolean {
  return new URLSearchParams(search).get('mode') === 'excel-preview';
}

export function ExcelPane({ preview = false }: { preview?: boolean }) {
  return (
    <Suspense fallback={<Spinner size="small" label="正在载入…" labelPosition="after" />}>
      {preview ? <ExcelPreview /> : <ExcelApp />}
    </Suspense>
  );
}
