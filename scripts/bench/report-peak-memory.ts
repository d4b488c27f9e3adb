// Preloaded into benchmarked processes (`node --import`): on exit, appends this process's peak
// resident memory to the file named by PLIMSOLL_BENCH_MEMORY_FILE (one line per process, so scan
// worker processes, which inherit the flag, are counted too).
import { appendFileSync } from 'node:fs';

const file = process.env.PLIMSOLL_BENCH_MEMORY_FILE;
if (file) {
  process.on('exit', () => {
    appendFileSync(file, `${process.pid} ${process.resourceUsage().maxRSS * 1024}\n`);
  });
}
