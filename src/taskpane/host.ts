/**
 * Where the pane runs: inside Excel with the API sets it needs, inside an Excel that lacks them
 * (Office 2016/2019 volume-licensed, whose manifest check passes at ExcelApi 1.1), or in a plain browser (the web page for WPS users).
 */
export const REQUIRED_SETS: ReadonlyArray<{ name: string; version: string; why: string }> = [
  { name: 'ExcelApi', version: '1.8', why: '数据验证（状态下拉框）、工作表保护和新建工作簿' },
];

export type HostState =
  { kind: 'excel'; platform: string } | { kind: 'excel-unsupported'; platform: string; missing: string[] } | { kind: 'browser' };

export function detectHost(): Promise<HostState> {
  if (typeof Office === 'undefined' || typeof Office.onReady !== 'function') {
    return Promise.resolve({ kind: 'browser' });
  }
  return Office.onReady().then((info) => {
    if (info.host !== Office.HostType.Excel) return { kind: 'browser' } as const;
    const platform = String(info.platform ?? '');
    const missing = REQUIRED_SETS.filter((s) => !Office.context.requirements.isSetSupported(s.name, s.version)).map(
      (s) => `${s.name} ${s.version}（${s.why}）`,
    );
    return missing.length ? { kind: 'excel-unsupported', platform, missing } : { kind: 'excel', platform };
  });
}
