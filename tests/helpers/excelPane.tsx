/**
 * Shared pieces of the Excel pane's component tests (the module mocks are in excelMocks.ts): the
 * pane rendered at a fixed date, and specs as the adapter reads them back.
 */
import './jsdomPolyfills';
import { render } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { ExcelApp, type ExcelAppProps } from '../../src/taskpane/excel/ExcelApp';

export function renderPane(props: ExcelAppProps = {}) {
  return render(
    <FluentProvider theme={webLightTheme}>
      <ExcelApp today="2019-06-30" {...props} />
    </FluentProvider>,
  );
}

/** A spec as the adapter reads it back from the workbook (values only). */
export { asData } from './specData';

/** The button with this text (getByRole is slow on Fluent's large DOM). */
export function button(text: string): HTMLButtonElement {
  const hit = [...document.querySelectorAll('button:not([role="tab"])')].find((b) => b.textContent?.trim() === text) as
    HTMLButtonElement | undefined;
  if (!hit) throw new Error(`no button ${text}`);
  return hit;
}

export function byId<T extends HTMLElement = HTMLInputElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`no #${id}`);
  return el as T;
}

/** The listbox option with this text, once shown. */
export function option(text: string): HTMLElement | undefined {
  return [...document.querySelectorAll('[role="option"]')].find((o) => o.textContent?.trim() === text) as HTMLElement | undefined;
}
