/**
 * jindu deploy: everything an office's IT person copies out: the static site built for the
 * intranet address, the production manifest for the shared folder, a .reg file that registers the
 * share as a trusted add-in catalog, and a short Chinese README.
 */
import { spawnSync } from 'child_process';
import { promises as fs } from 'fs';
import path from 'path';
import { prepareOutputFolder } from './output';
import { ADDIN_ID, ADDIN_VERSION } from '../core/addin';
import { PANE_DOES_NOT_RUN_IN, PANE_RUNS_IN, USE_THE_WEB_PAGE } from '../core/excelSupport';
import { LISTS_FOLDER, LISTS_INDEX, readBundledIndex } from '../core/bundledLists';
import { listFilesOf } from './bundledLists';

const ROOT = path.resolve(__dirname, '..', '..');

/** A fixed catalog id: the same share registered twice replaces, not duplicates, its entry. */
export const CATALOG_GUID = '{3F6B1E2A-8C4D-4B7E-9A15-6D2C0F8E4B91}';

export function normaliseBaseUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`--base-url“${url}”不是有效的网址，例如 https://intranet.example.gov.cn/jindu/`);
  }
  if (u.protocol !== 'https:') throw new Error('--base-url 必须是 https 地址：Office 只加载 HTTPS 上的加载项');
  return u.href.endsWith('/') ? u.href : `${u.href}/`;
}

export function normaliseShare(share: string): string {
  const s = share.trim().replace(/\//g, '\\');
  if (!/^\\\\[^\\]+\\[^\\]+/.test(s)) throw new Error(`--share“${share}”应为网络共享路径，例如 \\\\fupin-server\\jindu`);
  return s.replace(/\\+$/, '');
}

/**
 * The registry file that adds the share to Office's trusted add-in catalogs (the same entry the
 * Trust Center's "受信任的加载项目录" writes). Regedit reads version 5.00 files as UTF-16LE with a BOM.
 */
export function trustedCatalogReg(share: string): Uint8Array {
  const escaped = share.replace(/\\/g, '\\\\');
  const text = [
    'Windows Registry Editor Version 5.00',
    '',
    `[HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\16.0\\WEF\\TrustedCatalogs\\${CATALOG_GUID}]`,
    `"Id"="${CATALOG_GUID}"`,
    `"Url"="${escaped}"`,
    '"Flags"=dword:00000001',
    '',
  ].join('\r\n');
  const out = new Uint8Array(2 + text.length * 2);
  out[0] = 0xff;
  out[1] = 0xfe;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 + i * 2] = c & 0xff;
    out[3 + i * 2] = c >> 8;
  }
  return out;
}

export function itReadme(baseUrl: string, share: string): string {
  return `进度通部署说明（给信息中心/IT 同事）
==================================

本目录由 jindu deploy 生成：加载项 ID ${ADDIN_ID}，版本 ${ADDIN_VERSION}。

一、发布网页文件（site/）
  1. 把 site/ 目录下的全部文件复制到内网 Web 服务器，使其可通过
       ${baseUrl}taskpane.html
     访问。必须是 HTTPS（Office 只加载 HTTPS 上的加载项），证书须为本单位电脑信任的证书。
  2. 不需要互联网：Office.js 已随加载项一同发布（site/office-js/）。
  3. 用浏览器打开上面的地址，能看到“进度通”页面即发布成功。WPS 用户和不能使用加载项的单位，
     直接用浏览器打开此地址即可使用网页版（检查、汇总、下载模板）。
     内置的任务清单在 site/lists/ 中（jindu deploy --catalog 指定；index.json 列出各清单，第一个为默认），
     换清单时重新运行 jindu deploy --catalog 新清单，或用 jindu import 新清单 --json 生成后替换。
  4. Office.js（site/office-js/）取自 npm 包 @microsoft/office-js，该包已停止更新。微软建议在
     不能访问互联网的环境中从 CDN（https://appsforoffice.microsoft.com/lib/1/hosted/）下载
     当前文件随加载项发布：可在能上网的电脑上下载 office.js、o15apptofilemappingtable.js、
     excel-*.js 和 zh-cn/office_strings.js 等文件放进一个文件夹，用
     npm run build -- --env baseUrl=${baseUrl} --env officeJsDir=该文件夹 重新构建。

  哪些 Excel 能使用进度通窗格（依据微软的 ExcelApi 要求集表和加载项使用的浏览器控件说明）：
${PANE_RUNS_IN.map((v) => `    - ${v}`).join('\n')}
  不能使用：${PANE_DOES_NOT_RUN_IN}。
  ${USE_THE_WEB_PAGE}
  清单只要求 ExcelApi 1.1，所以这些版本也能添加进度通，打开后显示上述提示和网页版地址。

二、共享文件夹目录（manifest/）
  1. 在文件服务器上建共享文件夹 ${share}，给各单位填报人“读取”权限。
  2. 把 manifest/manifest.xml 复制到该共享文件夹。
  3. 每台使用加载项的电脑：双击 trusted-catalog.reg 导入注册表（或在 Excel 中：
     文件 → 选项 → 信任中心 → 信任中心设置 → 受信任的加载项目录，
     “目录 URL”填 ${share}，点“添加目录”，勾选“显示在菜单中”）。然后重启 Excel。
  4. 在 Excel 中：开始 → 加载项（或 插入 → 我的加载项）→ 共享文件夹 → 进度通 → 添加。
     此后“开始”选项卡出现“进度填报”按钮。

三、Microsoft 365 集中部署（有 Microsoft 365 的单位可选）
  管理员在 Microsoft 365 管理中心 → 设置 → 集成应用 → 上传自定义应用，上传
  manifest/manifest.xml，分配给需要的用户。无需第二步的注册表设置。

四、模板自动打开进度通
  用 jindu template --share ${share} 生成的填报表，打开时会自动显示进度通窗格
  （已安装加载项的电脑）。集中部署的单位生成模板时不加 --share。

五、升级
  新版本：重新运行 jindu deploy，覆盖 site/ 和共享文件夹中的 manifest.xml
  （清单中的 <Version> 已更新）。用户重启 Excel 后生效。
`;
}

export interface DeployOptions {
  baseUrl: string;
  share: string;
  output: string;
  /** The office's own lists (--catalog, repeatable): the site's bundled lists, the first its default. */
  catalog?: string[];
}

export async function runDeploy(opts: DeployOptions): Promise<number> {
  const baseUrl = normaliseBaseUrl(opts.baseUrl);
  const share = normaliseShare(opts.share);
  const out = path.resolve(opts.output);
  const catalogs = opts.catalog ?? [];
  // The lists first: a list that cannot be read stops the command before anything is built or written.
  const lists = await listFilesOf(catalogs);
  // Built beside the folder and moved in whole; a folder of someone else's files is refused, not emptied.
  const folder = await prepareOutputFolder(out, 'jindu deploy', isDeployLayout);
  try {
    await writeDeployment(folder.dir, baseUrl, share, lists);
    await folder.commit();
  } catch (e) {
    await folder.abandon();
    throw e;
  }
  process.stdout.write(
    [
      `部署文件已生成：${out}`,
      `  site/                 复制到 ${baseUrl}`,
      `  manifest/manifest.xml 复制到 ${share}（已通过架构校验）`,
      '  trusted-catalog.reg   在各电脑导入，把共享文件夹设为受信任的加载项目录',
      '  README-部署说明.txt    给信息中心同事的步骤',
      catalogs.length
        ? `网页和加载项内置的任务清单：${listTitles(lists).join('、')}（默认第一个）`
        : '网页和加载项未内置任务清单：各单位打开后上传本单位的责任清单；可用 --catalog 指定本单位的清单',
    ].join('\n') + '\n',
  );
  return 0;
}

/** What an earlier `jindu deploy` left in its folder, before folders carried their own list of files. */
function isDeployLayout(names: string[]): boolean {
  return names.every((n) => ['site', 'manifest', 'trusted-catalog.reg', 'README-部署说明.txt'].includes(n));
}

function listTitles(files: Array<{ path: string; text: string }>): string[] {
  const index = files.find((f) => f.path === LISTS_INDEX);
  return index ? readBundledIndex(index.text).map((l) => `《${l.title}》`) : [];
}

async function writeDeployment(out: string, baseUrl: string, share: string, lists: Array<{ path: string; text: string }>): Promise<void> {
  const site = path.join(out, 'site');
  await fs.mkdir(path.join(out, 'manifest'), { recursive: true });

  const prebuilt = process.env.JINDU_DEPLOY_SITE;
  if (prebuilt) {
    // A site already built for this address (`npm run build -- --env baseUrl=…`, or a test run's build).
    const manifest = await fs.readFile(path.join(prebuilt, 'manifest.xml'), 'utf8').catch(() => '');
    if (!manifest.includes(`${baseUrl}taskpane.html`)) throw new Error(`JINDU_DEPLOY_SITE（${prebuilt}）不是为 ${baseUrl} 构建的网页文件`);
    await fs.cp(prebuilt, site, { recursive: true, filter: (src) => !path.basename(src).startsWith('.') });
  } else {
    process.stderr.write(`正在构建网页文件（${baseUrl}）……\n`);
    const build = spawnSync(
      process.execPath,
      [require.resolve('webpack-cli/bin/cli.js'), '--mode', 'production', '--env', `baseUrl=${baseUrl}`, '--output-path', site],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    if (build.status !== 0) throw new Error(`构建失败：\n${(build.stderr || build.stdout).slice(-2000)}`);
  }

  // The site offers the office's lists and no other (a demo build's seed lists are left out).
  await fs.rm(path.join(site, LISTS_FOLDER), { recursive: true, force: true });
  for (const f of lists) {
    await fs.mkdir(path.dirname(path.join(site, f.path)), { recursive: true });
    await fs.writeFile(path.join(site, f.path), f.text, 'utf8');
  }

  await fs.rename(path.join(site, 'manifest.xml'), path.join(out, 'manifest', 'manifest.xml'));
  const { validateManifest } = require(path.join(ROOT, 'scripts', 'validate-manifest.cjs')) as {
    validateManifest(file: string): Promise<{ valid: boolean; errors: Array<{ message: string }> }>;
  };
  const check = await validateManifest(path.join(out, 'manifest', 'manifest.xml'));
  if (!check.valid) throw new Error(`生成的 manifest.xml 未通过架构校验：${check.errors.map((e) => e.message).join('；')}`);

  await fs.writeFile(path.join(out, 'trusted-catalog.reg'), trustedCatalogReg(share));
  await fs.writeFile(path.join(out, 'README-部署说明.txt'), itReadme(baseUrl, share).replace(/\n/g, '\r\n'), 'utf8');
}
