import { makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Text, tokens } from '@fluentui/react-components';
import { PANE_RUNS_IN, USE_THE_WEB_PAGE } from '../core/excelSupport';
import type { HostState } from './host';
import { useEffect, useMemo } from 'react';
import { ExcelPane, isExcelPreview } from './excel/lazy';
import { browserHost } from './hosts/browser';
import { Shell } from './Shell';
import { keepOfficeJsQuiet } from './web/officeQuiet';

const useStyles = makeStyles({
  // The page uses the width it has: a 350 px pane, or a desktop screen (the 汇总 puts its settings beside its results there).
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalM,
    maxWidth: '1680px',
    marginLeft: 'auto',
    marginRight: 'auto',
    boxSizing: 'border-box',
  },
  header: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  logo: { width: '32px', height: '32px' },
});

export function HostBanner({ host }: { host: HostState }) {
  if (host.kind === 'excel') return null;
  if (host.kind === 'excel-unsupported') {
    return (
      <MessageBar intent="warning">
        <MessageBarBody>
          <MessageBarTitle>此版本的 Excel 不支持进度通加载项</MessageBarTitle>
          缺少 {host.missing.join('、')}。{USE_THE_WEB_PAGE}
          <br />
          可以使用窗格的 Excel：{PANE_RUNS_IN.join('；')}。
        </MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <MessageBar intent="info">
      <MessageBarBody>
        <MessageBarTitle>网页版</MessageBarTitle>
        未在 Excel 中运行：可在本页选择报表文件进行检查和汇总，结果以文件下载。WPS 用户和不能使用加载项的单位请用此方式。
      </MessageBarBody>
    </MessageBar>
  );
}

export function App({ host }: { host: HostState }) {
  const styles = useStyles();
  // ?mode=excel-preview: the Excel pane on an in-memory workbook, for screenshots outside Excel.
  const preview = host.kind === 'browser' && isExcelPreview();
  return (
    <main className={styles.root}>
      <header className={styles.header}>
        <img className={styles.logo} src="assets/icon-32.png" alt="" />
        <Text as="h1" size={500} weight="semibold">
          进度通
        </Text>
      </header>
      {preview ? null : <HostBanner host={host} />}
      {host.kind === 'excel' || preview ? <ExcelPane preview={preview} /> : <WebPage />}
    </main>
  );
}

/** The web page: the same shell over picked files, the worker and downloads. */
function WebPage() {
  // No Office host: Office.js must not phone home from this page.
  keepOfficeJsQuiet();
  const host = useMemo(() => browserHost(), []);
  // A file dropped beside a drop zone must not make the browser open it and lose the page's work.
  useEffect(() => {
    const stop = (e: DragEvent) => e.preventDefault();
    window.addEventListener('dragover', stop);
    window.addEventListener('drop', stop);
    return () => {
      window.removeEventListener('dragover', stop);
      window.removeEventListener('drop', stop);
    };
  }, []);
  return <Shell host={host} />;
}
