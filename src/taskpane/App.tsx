import { makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Text, tokens } from '@fluentui/react-components';
import { PANE_RUNS_IN, USE_THE_WEB_PAGE } from '../core/excelSupport';
import type { HostState } from './host';
import { ExcelPane, isExcelPreview } from './excel/lazy';
import { WebApp } from './web/WebApp';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalM, maxWidth: '640px' },
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
      {host.kind === 'excel' || preview ? <ExcelPane preview={preview} /> : <WebApp />}
    </main>
  );
}
