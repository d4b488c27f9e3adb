// Preloaded into benchmarked processes (`node --import`): on exit, appends this process's peak
// resident memory to the file named by PLIMSOLL_BENCH_MEMORY_FILE (one line per process, so any child
// process that inherits the flag is counted too). Worker threads preload it as well but share their
// process's memory: only a process's main thread reports.
// Plain JavaScript, like bare-parse.js: a TypeScript preload makes Node load its type stripper in every
// thread of the measured process (+40 ms on a scan's startup), which would be the yardstick's cost, not
// the tool's.
import { appendFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.PLIMSOLL_BENCH_MEMORY_FILE;
if (file && isMainThread) {
  process.on('exit', () => {
    appendFileSync(file, `${process.pid} ${process.resourceUsage().maxRSS * 1024}\n`);
  });
}
