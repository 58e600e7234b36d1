/**
 * Which Excel runs the add-in's pane, in the words the pane, the web page and the deployment README
 * use. Two conditions, both from Microsoft's tables:
 * - ExcelApi 1.8 ("Excel JavaScript API requirement sets"): Microsoft 365 and retail perpetual Office
 *   on Windows from Version 1808 (Build 10730.20102), volume-licensed Office 2021 and later (Office
 *   2019 volume-licensed stops at 1.7, Office 2016 volume-licensed at 1.1), Mac from 16.17, the web.
 * - A webview newer than Internet Explorer 11 ("Browsers and webview controls used by Office
 *   Add-ins"): on Windows, WebView2 (Microsoft 365 from 16.0.13530.20424 = Version 2101 with the
 *   WebView2 runtime, Office 2021 and later, retail Office 2016/2019 with the runtime) or EdgeHTML
 *   (Microsoft 365 from 16.0.11629 = Version 1905 on Windows 10 1903 or later, retail Office 2016/2019
 *   with Edge); volume-licensed Office 2016/2019 always use Trident (IE11), whatever is installed.
 */
export const PANE_RUNS_IN: readonly string[] = [
  'Microsoft 365 的 Excel：Windows 版本 1905 及以上（Windows 10 1903 及以上或 Windows 11；或装有 WebView2 运行时的版本 2101 及以上）',
  'Office 2021、Office 2024 的 Excel',
  '零售版 Office 2016 / 2019 的 Excel（已更新到版本 1905 及以上）',
  'Mac 版 Excel 16.17 及以上',
  'Excel 网页版',
];

export const PANE_DOES_NOT_RUN_IN = 'Office 2016、Office 2019 批量许可版（ExcelApi 最高 1.1 / 1.7，窗格使用 IE11 控件）以及更早的 Excel';

/** What the pane and the deployment README tell the users of the other versions. */
export const USE_THE_WEB_PAGE = '这些版本请用浏览器打开进度通网页版（与加载项同一地址的 taskpane.html），检查、汇总和下载模板的功能相同。';
