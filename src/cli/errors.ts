/**
 * How the CLI fails: one exit code per kind of failure (documented in `jindu --help`), and every
 * message in Chinese, including what the file system and the option parser would say in English.
 */

/** Exit codes of every command. */
export const EXIT = {
  /** Done. */
  ok: 0,
  /** Done, and what was checked has errors: `check` found error findings, `import` was given no responsibility list. */
  findings: 1,
  /** The command line is wrong: an unknown option, a missing or malformed value (period, date, unit). */
  usage: 2,
  /** An input cannot be used: missing, unreadable, not a catalog, no returns found. */
  input: 3,
  /** An output cannot be written: no permission, disk full, or it would replace a file that is not the command's own. */
  output: 4,
  /** Anything else: a fault of the program (please report it with the command that caused it). */
  internal: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit codes as `--help` lists them. */
export const EXIT_HELP = [
  '退出码：',
  '  0  成功',
  '  1  已完成，但检查发现错误（check 有错误级问题；import 的文件不是责任清单）',
  '  2  命令行有误（未知选项、缺少参数、报告期或日期格式不对、单位不在名录中）',
  '  3  输入无法使用（文件或目录不存在、无法读取、不是任务清单、没有找到报表）',
  '  4  输出无法写入（没有权限、磁盘已满，或会覆盖不是本命令生成的文件）',
  '  5  程序内部错误（请把命令和提示一并反馈）',
].join('\n');

/** A failure the user can act on: a Chinese message and its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const usageError = (message: string) => new CliError(message, EXIT.usage);
export const inputError = (message: string) => new CliError(message, EXIT.input);
export const outputError = (message: string) => new CliError(message, EXIT.output);

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: '不存在',
  EACCES: '没有访问权限',
  EPERM: '操作不被允许（没有权限或文件被占用）',
  ENOSPC: '磁盘空间不足',
  EDQUOT: '超出磁盘配额',
  EROFS: '所在磁盘为只读',
  EISDIR: '是一个目录，不是文件',
  ENOTDIR: '路径中有一段不是目录',
  EEXIST: '已存在',
  ENOTEMPTY: '目录不是空的',
  EBUSY: '正被其他程序占用',
  EMFILE: '同时打开的文件过多',
  ENFILE: '同时打开的文件过多',
  ENAMETOOLONG: '路径过长',
  ELOOP: '符号链接循环',
  EIO: '读写磁盘出错',
  EXDEV: '不能跨磁盘移动',
  ETXTBSY: '正被其他程序占用',
  EFBIG: '文件过大',
};

/** The errno code of a Node file-system error, if it is one. */
export function errnoOf(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : undefined;
}

/** A file-system error in Chinese: 无法写入“汇总.xlsx”：磁盘空间不足. */
export function fsErrorText(e: unknown, action: string, file: string): string {
  const code = errnoOf(e);
  const why = (code && ERRNO_TEXT[code]) ?? '文件系统错误';
  return `无法${action}“${file}”：${why}${code ? `（${code}）` : ''}`;
}

/**
 * Commander's English messages (commander 13, lib/command.js) in Chinese. Unknown forms keep only
 * the option or command they name.
 */
export function commanderMessage(english: string): string {
  const s = english.replace(/^error:\s*/, '').trim();
  const quoted = [...s.matchAll(/'([^']+)'/g)].map((m) => m[1]);
  const suggestion = /Did you mean (.+?)\?/.exec(s)?.[1];
  const hint = suggestion ? `（是否要用 ${suggestion.replace(/'/g, '')}？）` : '';
  let m: RegExpExecArray | null;
  if ((m = /^missing required argument '([^']+)'/.exec(s))) return `缺少参数 ${m[1]}`;
  if ((m = /^option '([^']+)' argument missing/.exec(s))) return `选项 ${m[1]} 缺少取值`;
  if ((m = /^required option '([^']+)' not specified/.exec(s))) return `必须指定选项 ${m[1]}`;
  if (/cannot be used with/.test(s)) return `选项 ${quoted[0] ?? ''} 不能与 ${quoted[1] ?? ''} 同时使用`;
  if ((m = /^unknown option '([^']+)'/.exec(s))) return `未知选项 ${m[1]}${hint}`;
  if ((m = /^unknown command '([^']+)'/.exec(s))) return `未知命令 ${m[1]}${hint}`;
  if ((m = /^too many arguments(?: for '([^']+)')?\. Expected (\d+) arguments? but got (\d+)/.exec(s))) {
    return `参数过多${m[1] ? `（${m[1]} 命令）` : ''}：应为 ${m[2]} 个，实际 ${m[3]} 个`;
  }
  return quoted.length ? `命令行有误：${quoted.join('、')}` : '命令行有误';
}
