import { createRoot } from 'react-dom/client';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { App } from './App';
import { detectHost } from './host';

// taskpane.html's bootstrap sets this where the engine cannot run the pane (it shows why instead).
const tooOld = (window as { jinduTooOld?: boolean }).jinduTooOld === true;

/**
 * DOM interfaces Fluent UI uses that EdgeHTML 18 lacks (the polyfill script, polyfills.ts, covers the JavaScript built-ins):
 * ResizeObserver (MessageBar's reflow), loaded only where missing.
 */
async function domPolyfills(): Promise<void> {
  if (typeof window.ResizeObserver !== 'function') {
    const { ResizeObserver } = await import(/* webpackChunkName: "resize-observer" */ '@juggle/resize-observer');
    (window as { ResizeObserver: unknown }).ResizeObserver = ResizeObserver;
  }
}

const container = document.getElementById('container');
if (container && !tooOld) {
  const root = createRoot(container);
  void Promise.all([detectHost(), domPolyfills()]).then(([host]) =>
    root.render(
      <FluentProvider theme={webLightTheme} style={{ minHeight: '100vh' }}>
        <App host={host} />
      </FluentProvider>,
    ),
  );
}
