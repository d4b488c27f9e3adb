// `npm run bench`: generates the corpus at each size (deterministic by seed), then times, as separate
// processes, a bare `yaml` parse of the files (bare-parse.js) and the built CLI's
// `plimsoll scan <dir> --format sarif` with all built-in rules, and prints a table. Not a test: the
// numbers depend on the machine; docs/benchmarks.md records what we measured.
//
//   node scripts/bench/run-bench.ts [--sizes 1000,10000,50000] [--runs 3] [--seed 1] [--jobs N]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateCorpus, type CorpusSummary } from './generate-corpus.ts';
import { linearity } from './linearity.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const benchDir = join(root, '.bench');
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000,50000' },
    runs: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    jobs: { type: 'string' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);

interface Measure {
  seconds: number;
  peakBytes: number;
  processes: number;
}

/** One run of a node process: its wall time and the peak memory of its processes. */
function runOnce(args: string[]): Measure {
  const memoryFile = join(benchDir, `memory-${process.pid}.txt`);
  rmSync(memoryFile, { force: true });
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--import', join(root, 'scripts/bench/report-peak-memory.js'), ...args], {
    cwd: root,
    env: { ...process.env, PLIMSOLL_BENCH_MEMORY_FILE: memoryFile },
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const seconds = (performance.now() - started) / 1000;
  if (child.status !== 0) throw new Error(`${args.join(' ')} failed (${child.status}): ${child.stderr}`);
  const peaks = readFileSync(memoryFile, 'utf8').trim().split('\n').map((line) => Number(line.split(' ')[1]));
  rmSync(memoryFile, { force: true });
  // Worker processes run at the same time as the main one: their peaks add up.
  return { seconds, peakBytes: peaks.reduce((a, b) => a + b, 0), processes: peaks.length };
}

/**
 * Runs each command `runs` times, taking turns (bare parse, scan, bare parse, scan...), so that a
 * machine getting slower or faster during the benchmark (shared CI hosts do) moves both alike and the
 * ratio stays fair. For each command: every run, in order.
 */
function measureRuns(...commands: string[][]): Measure[][] {
  const samples: Measure[][] = commands.map(() => []);
  for (let i = 0; i < runs; i++) commands.forEach((args, c) => samples[c]!.push(runOnce(args)));
  return samples;
}

/** The run of median wall time (with that run's peak memory). */
function medianRun(list: readonly Measure[]): Measure {
  return [...list].sort((a, b) => a.seconds - b.seconds)[Math.floor(list.length / 2)]!;
}

/** For each command, its median run. */
function measure(...commands: string[][]): Measure[] {
  return measureRuns(...commands).map(medianRun);
}

/**
 * The median of the ratios of runs taken one after the other: each scan against the bare parse just
 * before it. The host's speed drifts within minutes; a pair shares its moment, where the two medians
 * may come from different ones.
 */
function pairedRatio(numerators: readonly Measure[], denominators: readonly Measure[]): number {
  const ratios = numerators.map((run, i) => run.seconds / denominators[i]!.seconds).sort((a, b) => a - b);
  return ratios[Math.floor(ratios.length / 2)]!;
}

mkdirSync(benchDir, { recursive: true });
console.error('Building dist/ (npm run build)...');
execFileSync(process.execPath, [join(root, 'scripts/build.ts')], { cwd: root, stdio: 'inherit' });

const cli = join(root, 'dist/plimsoll.js');
const scanArgs = (dir: string, output: string) => [
  cli, 'scan', dir, '--no-config', '--format', 'sarif', '--output', output, '--fail-on', 'none',
  ...(values.jobs ? ['--jobs', values.jobs] : []),
];

// Startup: the same command on one small file (loading the CLI, compiling the rules and schemas).
const tiny = join(benchDir, 'startup');
rmSync(tiny, { recursive: true, force: true });
mkdirSync(tiny, { recursive: true });
writeFileSync(join(tiny, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: a:1}]\n');
const [startup] = measure(scanArgs(tiny, join(benchDir, 'startup.sarif'))) as [Measure];

interface Row {
  corpus: CorpusSummary;
  bare: Measure;
  scan: Measure;
  /** Median of the paired ratios scan ÷ bare parse (pairedRatio). */
  ratio: number;
  findings: number;
}
const rows: Row[] = [];
for (const size of sizes) {
  const dir = join(benchDir, `corpus-${size}`);
  console.error(`Generating ${size} resources in ${dir}...`);
  const corpus = generateCorpus(size, dir, Number(values.seed));
  console.error(`Measuring (${runs} run${runs === 1 ? '' : 's'} each)...`);
  const sarifPath = join(benchDir, `scan-${size}.sarif`);
  const [bareRuns, scanRuns] = measureRuns([join(root, 'scripts/bench/bare-parse.js'), dir], scanArgs(dir, sarifPath)) as [Measure[], Measure[]];
  const findings = (JSON.parse(readFileSync(sarifPath, 'utf8')) as { runs: { results: unknown[] }[] }).runs[0]!.results.length;
  rows.push({ corpus, bare: medianRun(bareRuns), scan: medianRun(scanRuns), ratio: pairedRatio(scanRuns, bareRuns), findings });
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
const perResourceUs = (row: Row) => (row.scan.seconds * 1e6) / row.corpus.resources;
const steady = (row: Row) => row.corpus.resources / Math.max(0.001, row.scan.seconds - startup.seconds);
// scan ÷ parse: the median of paired runs (pairedRatio); of medians: scan s ÷ bare parse s, as before.
const header = ['resources', 'files', 'MB', 'bare parse s', 'scan s', 'resources/s', 'after startup /s', 'scan ÷ parse', 'of medians', 'µs/resource', 'peak MB', 'findings'];
const table = rows.map((row) => [
  String(row.corpus.resources),
  String(row.corpus.files),
  (row.corpus.bytes / 1024 / 1024).toFixed(1),
  row.bare.seconds.toFixed(2),
  row.scan.seconds.toFixed(2),
  (row.corpus.resources / row.scan.seconds).toFixed(0),
  steady(row).toFixed(0),
  row.ratio.toFixed(2),
  (row.scan.seconds / row.bare.seconds).toFixed(2),
  perResourceUs(row).toFixed(0),
  `${mb(row.scan.peakBytes)}${row.scan.processes > 1 ? ` (${row.scan.processes} proc)` : ''}`,
  String(row.findings),
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i]!)).join(' | ')} |`;
console.log(`Machine: ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}; startup (1 file) ${startup.seconds.toFixed(2)} s`);
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of table) console.log(line(row));
if (rows.length > 1) {
  // Linearity, two ways (linearity.ts): time per resource (the issue's 20% band, which any fixed
  // cost widens), and the cost each added resource has between sizes; the bare parse for comparison.
  const scanGrowth = linearity(rows.map((row) => ({ resources: row.corpus.resources, seconds: row.scan.seconds })));
  const bareGrowth = linearity(rows.map((row) => ({ resources: row.corpus.resources, seconds: row.bare.seconds })));
  const us = (values: number[]) => values.map((v) => v.toFixed(0)).join(' / ');
  const times = (value: number | undefined) => (value === undefined ? 'n/a' : `${value.toFixed(2)}×`);
  console.log(
    `Per-resource µs (${rows.map((row) => row.corpus.resources).join(' / ')}): scan ${us(scanGrowth.perResourceUs)}, spread ${times(scanGrowth.perResourceSpread)}; ` +
      `bare parse ${us(bareGrowth.perResourceUs)}, spread ${times(bareGrowth.perResourceSpread)}`,
  );
  const steps = scanGrowth.marginalUs.map((m, i) => `${m.from}→${m.to}: scan ${m.us.toFixed(0)}, bare parse ${bareGrowth.marginalUs[i]!.us.toFixed(0)}`);
  console.log(`Marginal µs per added resource: ${steps.join('; ')}; spread ${times(scanGrowth.marginalSpread)} (bare parse ${times(bareGrowth.marginalSpread)})`);
}
writeFileSync(join(benchDir, 'results.json'), `${JSON.stringify({ startupSeconds: startup.seconds, rows }, null, 2)}\n`);
