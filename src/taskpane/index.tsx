import { createRoot } from 'react-dom/client';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { App } from './App';
import { detectHost } from './host';

const container = document.getElementById('container');
if (container) {
  const root = createRoot(container);
  void detectHost().then((host) =>
    root.render(
      <FluentProvider theme={webLightTheme} style={{ minHeight: '100vh' }}>
        <App host={host} />
      </FluentProvider>,
    ),
  );
}
