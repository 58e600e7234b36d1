/**
 * The jindu command line: thin over the core. Each command gathers its input, calls the core and
 * writes the result; messages to people are in Chinese, exit codes are for scripts.
 */
import { Command, CommanderError } from 'commander';
import { runImport } from './import';
import { runDemo } from './demo';

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = new Command()
    .name('jindu')
    .description('进度通：脱贫攻坚责任清单的任务清单导入、进度报表模板、检查与汇总')
    .version(require('../../package.json').version as string, '-V, --version', '显示版本')
    .helpOption('-h, --help', '显示帮助')
    .addHelpCommand(false)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command('import')
    .description('导入责任清单（原文 .txt、任务清单 .xlsx 或 .json），输出任务清单')
    .argument('<FILE>', '责任清单原文、任务清单工作簿或 JSON')
    .option('--json', '把任务清单 JSON 打印到标准输出')
    .option('-o, --output <FILE>', '写出任务清单：.xlsx（可在 Excel 中编辑）或 .json')
    .action(async (file: string, opts: { json?: boolean; output?: string }) => {
      code = await runImport(file, opts);
    });

  program
    .command('demo')
    .description('在自带的责任清单样本上演示主要流程')
    .option('-o, --output <DIR>', '输出目录')
    .action(async (opts: { output?: string }) => {
      code = await runDemo(opts);
    });

  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    throw e;
  }
  return code;
}
