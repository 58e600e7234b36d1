/**
 * The jindu command line: thin over the core. Each command gathers its input, calls the core and
 * writes the result; messages to people are in Chinese, exit codes are for scripts. A command's
 * modules load when it runs (`--help` loads none of them; only writing loads ExcelJS).
 */
import { Command, CommanderError } from 'commander';
import { CliError, commanderMessage, errnoOf, EXIT, EXIT_HELP, fsErrorText } from './errors';

/** Commander's help in Chinese: its fixed headings. */
function chineseHelp(text: string): string {
  return text
    .replace(/^Usage:/m, '用法：')
    .replace(/^Options:/m, '选项：')
    .replace(/^Commands:/m, '命令：')
    .replace(/^Arguments:/m, '参数：')
    .replace(/\(default: ([^)]*)\)/g, '（默认：$1）');
}

/** The exit code and Chinese message of a failure (see errors.ts). */
export function failure(e: unknown): { code: number; message: string } {
  if (e instanceof CliError) return { code: e.exitCode, message: e.message };
  // By name: their modules (the importer, the catalog files) load only when a command needs them.
  if (e instanceof Error && (e.name === 'NotAListError' || e.name === 'CatalogFormatError'))
    return { code: EXIT.input, message: e.message };
  const errno = errnoOf(e);
  const path = (e as { path?: unknown } | null)?.path;
  if (errno) return { code: EXIT.input, message: fsErrorText(e, '访问', typeof path === 'string' ? path : '文件') };
  const detail = e instanceof Error ? e.message : String(e);
  // Our own messages are Chinese; anything else is a fault of the program.
  if (/[\u4e00-\u9fff]/.test(detail)) return { code: EXIT.input, message: detail };
  return { code: EXIT.internal, message: `程序内部错误，请把所用命令和此提示反馈给维护人员（${detail.slice(0, 200)}）` };
}

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = new Command()
    .name('jindu')
    .description('进度通：脱贫攻坚责任清单的任务清单导入、进度报表模板、检查与汇总')
    .version(require('../../package.json').version as string, '-V, --version', '显示版本')
    .helpOption('-h, --help', '显示帮助')
    .addHelpCommand(false)
    .exitOverride()
    .showHelpAfterError('（用 jindu --help 或 jindu <命令> --help 查看用法）')
    .configureOutput({
      writeOut: (s) => process.stdout.write(chineseHelp(s)),
      writeErr: (s) => process.stderr.write(chineseHelp(s)),
      outputError: (s, write) => write(`错误：${commanderMessage(s)}\n`),
    })
    .addHelpText('after', `\n${EXIT_HELP}`);

  program
    .command('import')
    .description('导入责任清单（印发的 Word .docx、Excel .xlsx、文字版 PDF、文本 .txt，或任务清单 .xlsx / .json），输出任务清单')
    .argument('<FILE>', '责任清单文件、任务清单工作簿或 JSON')
    .option('--json', '把任务清单 JSON 打印到标准输出')
    .option('-o, --output <FILE>', '写出任务清单：.xlsx（可在 Excel 中编辑）或 .json')
    .option(
      '--columns <SPEC>',
      '表格未能自动识别时指定各列内容，列号从 1 起或用列字母，如 任务=2,措施=3,责任领导=4,牵头单位=5,配合单位=6,完成时限=7,2021年计划=8；可写：序号、类别、项目名称、任务、措施、牵头单位、责任单位、配合单位、责任领导、完成时限、不读取',
    )
    .option('--table <N>', '与 --columns 一起用：读第 N 个表格（默认 1；Excel 每个工作表为一个表格）')
    .option('--header-row <N>', '与 --columns 一起用：表头在该表格第 N 行（默认 1；0 表示没有表头）')
    .addHelpText(
      'after',
      '\n无法识别时，命令会列出找到的表格和已识别的列，按提示加上 --columns 再运行即可。\n例：jindu import 整改清单.docx --columns 任务=2,措施=3,牵头单位=5,配合单位=6,完成时限=7 -o 任务清单.xlsx',
    )
    .action(async (file: string, opts: { json?: boolean; output?: string; columns?: string; table?: string; headerRow?: string }) => {
      code = await (await import('./import')).runImport(file, opts);
    });

  program
    .command('template')
    .description('为一个单位（或 --all 为所有单位）生成预填的进度情况表')
    .requiredOption('--catalog <C>', '任务清单：责任清单原文 .txt、任务清单 .xlsx 或 .json')
    .option('--unit <U>', '填报单位（全称、简称或别名）')
    .requiredOption('--period <P>', '报告期：2019Q2、2019H1、2019M06 或 2019')
    .option('-o, --output <OUT>', '输出文件（--all 时为目录）')
    .option('--all', '为每个需报送的单位各生成一个文件')
    .option('--include-partners', '配合单位也填报其参与的任务')
    .option('--share <UNC>', '加载项共享文件夹目录（如 \\\\server\\jindu）；不写则指向 Microsoft 365 集中部署')
    .option('--no-addin', '不在模板中嵌入“打开即显示进度通”的加载项信息')
    .option(
      '--previous <PREV>',
      '上期汇总表（或本单位上期报表）：在每项任务右侧（备注右边的扩展列，不在正式表格内）列出本单位上期的状态和进展，供参考',
    )
    .option('--copy-previous', '与 --previous 同用：把上期进展和状态复制到本期“工作进展及存在问题”和“状态”栏，便于在其基础上修改')
    .action(async (opts) => {
      code = await (await import('./reports')).runTemplate(opts);
    });

  program
    .command('check')
    .description('检查一份报表，列出问题；有错误时退出码为 1')
    .argument('<FILE>', '报表文件 .xlsx')
    .requiredOption('--catalog <C>', '任务清单')
    .requiredOption('--period <P>', '报告期')
    .option('--as-of <YYYY-MM-DD>', '检查日期（默认今天）')
    .option('--json', '以 JSON 输出')
    .option('--include-partners', '配合单位也填报其参与的任务')
    .action(async (file: string, opts) => {
      code = await (await import('./reports')).runCheck(file, opts);
    });

  program
    .command('merge')
    .description('汇总多份报表为一个汇总表，并输出汇总情况 JSON')
    .argument('<FILES_OR_DIRS...>', '报表文件或目录')
    .requiredOption('--catalog <C>', '任务清单')
    .requiredOption('--period <P>', '报告期')
    .option('--as-of <YYYY-MM-DD>', '汇总日期（默认今天）')
    .requiredOption('-o, --output <OUT>', '汇总表 .xlsx')
    .option('--json <SUMMARY>', '汇总情况 JSON 文件')
    .option('--include-partners', '配合单位也填报其参与的任务')
    .option(
      '--previous <PREV>',
      '上期汇总表：本期工作进展与本单位同一任务上期所报相同或基本相同（仅改日期、改标点空格、少量增删字）的，提示 COPIED_PROGRESS',
    )
    .option('--feedback <DIR>', '为每个需更正的单位生成一份标注了问题的报表，存入此文件夹（整体写入；文件夹中只能有本程序生成的反馈表）')
    .option('--threads <N>', '读取报表的线程数（0 或 1：不另开线程；默认：多于 500 个文件时每个处理器核心一个）')
    .option(
      '--remind <FILE>',
      '催报文字（.txt）：未报、只报回空表或其他报告期的表、逾期报送和缺报任务的单位，每个单位一段，含所缺任务、报送截止日期和该单位最近一份报表（本批，或 --previous 的上期汇总表）中的填报人和联系电话',
    )
    .action(async (inputs: string[], opts) => {
      code = await (await import('./reports')).runMerge(inputs, opts);
    });

  program
    .command('ledger')
    .description(
      '由同一责任清单各期的汇总表生成台账：每个单位每项任务各期的状态、进展和报送时间，状态变化、停滞任务、多次逾期或未报的单位、各期完成情况图表和清单变动',
    )
    .argument('<PREV...>', '各期汇总表 .xlsx（jindu merge 或“汇总”页生成；较早版本生成的也可），顺序不限')
    .requiredOption('-o, --output <OUT>', '台账 .xlsx')
    .option('--json <FILE>', '台账要点 JSON 文件（停滞任务、状态变化、逾期未报单位、清单变动、完成情况）')
    .action(async (files: string[], opts) => {
      code = await (await import('./ledger')).runLedger(files, opts);
    });

  program
    .command('deploy')
    .description('生成部署文件：内网网页、共享文件夹清单、受信任目录注册表文件和部署说明')
    .requiredOption('--base-url <URL>', '网页发布地址（https）')
    .requiredOption('--share <UNC>', '加载项共享文件夹，如 \\\\server\\jindu')
    .requiredOption('-o, --output <DIR>', '输出目录')
    .option(
      '--catalog <C>',
      '本单位的任务清单（责任清单原文、任务清单 .xlsx 或 .json）：网页和加载项默认使用、且只内置此清单；可写多次，第一个为默认',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .action(async (opts) => {
      code = await (await import('./deploy')).runDeploy(opts);
    });

  program
    .command('demo')
    .description('在自带的责任清单样本上演示主要流程')
    .option('-o, --output <DIR>', '输出目录')
    .action(async (opts: { output?: string }) => {
      code = await (await import('./demo')).runDemo(opts);
    });

  for (const c of program.commands) c.addHelpText('after', `\n${EXIT_HELP}`);
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    const f = failure(e);
    process.stderr.write(`错误：${f.message}\n`);
    return f.code;
  }
  return code;
}
