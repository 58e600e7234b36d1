import path from 'path';
import { formatSummary } from './report';
import { loadCatalog, seedFiles } from './files';

/** jindu demo: the whole flow on the bundled seed lists. */
export async function runDemo(_opts: { output?: string }): Promise<number> {
  const files = await seedFiles();
  process.stdout.write(`导入 ${files.length} 份责任清单样本：\n\n`);
  for (const file of files) {
    const { catalog, imported } = await loadCatalog(file);
    process.stdout.write(`${path.basename(file)}\n${formatSummary(catalog, imported?.layout.label)}\n`);
    const warnings = imported?.warnings ?? [];
    if (warnings.length) {
      process.stdout.write(`  导入提示 ${warnings.length} 条，例如：\n`);
      for (const w of warnings.slice(0, 3)) process.stdout.write(`    第${w.line}行：${w.message}\n`);
    }
    process.stdout.write('\n');
  }
  return 0;
}
