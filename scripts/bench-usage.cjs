// Preloaded (node -r) into a process the benchmark measures: at its exit, its peak resident size
// (all its threads together) and CPU time go to the file named by JINDU_BENCH_USAGE, as JSON.
'use strict';
const out = process.env.JINDU_BENCH_USAGE;
if (out) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    require('fs').writeFileSync(out, JSON.stringify({ maxRssKb: u.maxRSS, cpuMs: Math.round((u.userCPUTime + u.systemCPUTime) / 1000) }));
  });
}
