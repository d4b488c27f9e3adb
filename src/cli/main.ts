// `plimsoll scan|fix|rules`: the same verdict on a laptop as in the pull request.
// Exit codes: 0 pass, 1 the policy blocks, 2 usage or configuration error.
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { createTwoFilesPatch } from 'diff';
import { collectManifestFiles, PathNotFoundError, PathOutsideError } from '../files/collect-manifest-files.ts';
import { readSources, resolveScanTextOptions, scanSources, type SourceFile } from '../engine/scan.ts';
import { readManifestFile, STANDARD_INPUT } from '../files/read-manifest-file.ts';
import { linkBoundary } from '../files/link-boundary.ts';
import { kustomizePatchFiles } from '../files/kustomize-patches.ts';
import { systemErrorMessage } from '../util/system-error-message.ts';
import { scanBytes } from '../engine/scan-text.ts';
import { RuleLoadError } from '../rules/load-rules.ts';
import { ruleCatalog, type RuleInfo } from '../rules/rule-catalog.ts';
import { formatText } from '../report/format-text.ts';
import { formatJson } from '../report/format-json.ts';
import { formatSarifChunks } from '../report/format-sarif.ts';
import { formatRuleList, formatRuleExplanation } from './format-rules.ts';
import { decideVerdict, type FailOn, type VerdictPolicy } from '../policy/verdict.ts';
import { applyPolicy } from '../policy/apply-policy.ts';
import { applyConfigExemptions, EXPIRED_EXEMPTION_RULE, todayIso } from '../policy/config-exemptions.ts';
import { changeSetFromUnifiedDiff, type ChangeSet } from '../policy/change-set.ts';
import { FILTER_MODES, type FilterMode } from '../policy/diff-filter.ts';
import { baselineOf } from '../policy/baseline.ts';
import { createFileFilter } from '../policy/file-selection.ts';
import { ConfigError } from '../config/config-error.ts';
import { suggest } from '../config/did-you-mean.ts';
import type { ResolvedConfig } from '../config/resolve-config.ts';
import { fixText } from '../fix/fix-file-text.ts';
import { cliConfigFile, loadCliConfig } from './load-cli-config.ts';
import { ProgressLine } from './progress-line.ts';
import { scanFilesParallel, type WorkerSetup } from '../engine/scan-parallel.ts';
import { gitBase, GitError } from './git-base.ts';
import { SEVERITIES, type Finding } from '../types.ts';
import { TOOL_VERSION } from '../version.ts';
import { compareCodeUnits } from '../util/compare-code-units.ts';

export { suggest };

export const EXIT_PASS = 0;
export const EXIT_BLOCK = 1;
export const EXIT_USAGE = 2;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** stdout is a terminal (colours). */
  isTty: boolean;
  /** stderr is a terminal (progress line for long scans). */
  stderrIsTty?: boolean;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Told how many objects a scan covered (bin/code-cache.ts judges by it how much of the CLI ran). */
  onScanned?: (objects: number) => void;
}

class UsageError extends Error {}

/** A file the command was told to read or write cannot be (missing folder, no permission, full disk). */
class FileAccessError extends Error {}

interface ScanCommandOptions {
  format: string;
  jobs?: number;
  output?: string;
  failOn?: FailOn;
  color: boolean;
  config?: string | false;
  filter?: FilterMode;
  diff?: string;
  base?: string;
  newOnly?: boolean;
  context?: string[];
  completeNamespaces?: string[];
}

interface FixCommandOptions {
  rule?: string[];
  dryRun?: boolean;
  config?: string | false;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = EXIT_PASS;
  const program = new Command()
    .name('plimsoll')
    .description('Pull-request guard for Kubernetes manifests')
    .version(TOOL_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  program
    .command('scan')
    .description('Scan manifests (files or folders) and report findings')
    .argument('[paths...]', 'files or folders to scan', ['.'])
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding at or above this severity exists (default: config, else high)').choices([
        ...SEVERITIES,
        'none',
      ]),
    )
    .option('--no-color', 'never colour the text output')
    .option('-c, --config <file>', 'config file (default: .plimsoll.yml or .github/plimsoll.yml)')
    .option('--no-config', 'ignore config files')
    .addOption(new Option('--filter <mode>', 'which findings can block, relative to the diff').choices([...FILTER_MODES]))
    .option('--diff <file>', 'unified diff of the change (for --filter)')
    .option('--base <ref>', 'git ref of the base version (diff for --filter, findings for --new-only)')
    .option('--new-only', 'only findings absent from --base can block')
    .option('--context <paths...>', 'more files or folders read as cross-object context but not reported (e.g. the repository root)')
    .option('--complete-namespaces <namespaces...>', 'namespaces the context defines in full ("*" for all): references missing there are reported, not unknown')
    .option('-j, --jobs <count>', 'threads that scan a large set of files (default: one per core from 4 cores up, else 1)', parsePositiveInteger)
    .action(async (paths: string[], options: ScanCommandOptions) => {
      exitCode = await runScan(paths, options, io);
    });

  program
    .command('fix')
    .description('Apply the safe fixes of fixable findings, in place')
    .argument('[paths...]', 'files or folders to fix', ['.'])
    .option('-r, --rule <id...>', 'only fix findings of these rules')
    .option('--dry-run', 'print a unified diff instead of writing files')
    .option('-c, --config <file>', 'config file (default: .plimsoll.yml or .github/plimsoll.yml)')
    .option('--no-config', 'ignore config files')
    .action((paths: string[], options: FixCommandOptions) => {
      exitCode = runFix(paths, options, io);
    });

  program
    .command('rules')
    .description('List the rules, or explain one')
    .argument('[id]', 'rule id to explain')
    .option('-c, --config <file>', 'config file whose custom rules and admission policies to include')
    .option('--no-config', 'ignore config files')
    .action((id: string | undefined, options: { config?: string | false }) => {
      const config = loadCliConfig(io.cwd, options.config || undefined, options.config !== false);
      const catalog = catalogOf(config);
      if (!id) {
        io.stdout(formatRuleList(catalog));
        return;
      }
      const rule = catalog.find((r) => r.id === id);
      if (!rule) throw new UsageError(`Unknown rule "${id}". Run "plimsoll rules" to list them.${suggest(id, catalog.map((r) => r.id))}`);
      io.stdout(formatRuleExplanation(rule));
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return error.exitCode === 0 ? EXIT_PASS : EXIT_USAGE;
    }
    if (
      error instanceof UsageError ||
      error instanceof FileAccessError ||
      error instanceof PathNotFoundError ||
      error instanceof PathOutsideError ||
      error instanceof RuleLoadError ||
      error instanceof ConfigError ||
      error instanceof GitError
    ) {
      io.stderr(`plimsoll: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

function catalogOf(config: ResolvedConfig): RuleInfo[] {
  const expired: RuleInfo = {
    id: EXPIRED_EXEMPTION_RULE.id,
    title: EXPIRED_EXEMPTION_RULE.title,
    severity: EXPIRED_EXEMPTION_RULE.severity,
    category: EXPIRED_EXEMPTION_RULE.category,
    description: EXPIRED_EXEMPTION_RULE.description,
    references: [],
    standards: [],
    equivalents: {},
    fixable: false,
    optional: false,
  };
  return [...ruleCatalog(config.knownRules), expired].sort((a, b) => compareCodeUnits(a.id, b.id));
}

function selectFiles(paths: string[], config: ResolvedConfig, cwd: string, io?: CliIo): string[] {
  const keep = createFileFilter(config.include, config.exclude);
  const found = collectManifestFiles(paths, cwd);
  const files = found.filter(keep);
  // Nothing to scan passes, but say so: a mistyped path must not look like a clean repository.
  if (io && files.length === 0) {
    const where = paths.join(' ');
    io.stderr(
      found.length === 0
        ? `plimsoll: no .yaml, .yml or .json files in ${where}; nothing was scanned.\n`
        : `plimsoll: the config's include/exclude left none of the ${found.length} manifest file(s) in ${where}; nothing was scanned.\n`,
    );
  }
  return files;
}

/**
 * Writes a report piece by piece (a SARIF log of a large scan is too big to build as one string) to
 * `path`, which the user `named` so (for messages).
 */
function writeChunks(path: string, named: string, chunks: Iterable<string>): void {
  const failed = (error: unknown) => new FileAccessError(`Cannot write the report to ${named}: ${systemErrorMessage(error)}`);
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (error) {
    throw failed(error);
  }
  try {
    let pending = '';
    for (const chunk of chunks) {
      pending += chunk;
      if (pending.length >= 1 << 20) {
        writeSync(fd, pending);
        pending = '';
      }
    }
    writeSync(fd, pending);
  } catch (error) {
    // A full disk, say; an error of the report itself (no system code) stays an internal error.
    throw (error as NodeJS.ErrnoException).code ? failed(error) : error;
  } finally {
    closeSync(fd);
  }
}

/** Reads a text file the command names (`what`, for messages). */
function readTextFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new FileAccessError(`Cannot read ${what}: ${systemErrorMessage(error)}`);
  }
}

function parsePositiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError('expected a whole number of at least 1.');
  return value;
}

async function runScan(paths: string[], options: ScanCommandOptions, io: CliIo): Promise<number> {
  const configFile = cliConfigFile(io.cwd, options.config || undefined, options.config !== false);
  const config = loadCliConfig(io.cwd, options.config || undefined, options.config !== false);
  const files = selectFiles(paths, config, io.cwd, io);
  // Cross-object rules see the scanned files plus --context (docs/cross-object-rules.md).
  const contextFiles = options.context ? selectFiles(options.context, config, io.cwd) : [];
  const overrides: WorkerSetup['overrides'] = {
    // SARIF carries no fix edits, so a SARIF scan skips computing them (text marks fixable findings,
    // JSON carries the edits).
    ...(options.format === 'sarif' ? { fixes: false } : {}),
    ...(options.completeNamespaces ? { completeNamespaces: options.completeNamespaces } : {}),
    kustomizePatches: kustomizePatchFiles(files, io.cwd),
  };
  const scanOptions = { ...config.scanOptions, ...overrides };
  const progress = io.stderrIsTty ? new ProgressLine(io.stderr) : undefined;
  const result = await scanFilesParallel(files, {
    scanOptions: { ...scanOptions, ...(contextFiles.length > 0 ? { contextSources: readSources(contextFiles, io.cwd) } : {}) },
    setup: { cwd: io.cwd, configFile, overrides },
    ...(options.jobs ? { jobs: options.jobs } : {}),
    ...(progress ? { onProgress: (done: number, total: number) => progress.update(done, total) } : {}),
  }).finally(() => progress?.clear());
  const findings = applyPolicy(result.findings, config);
  const stats = { files: result.files, objects: result.objects };
  io.onScanned?.(result.objects);

  const base = options.base ? gitBase(io.cwd, options.base) : undefined;
  const policy: VerdictPolicy = { failOn: options.failOn ?? config.failOn };
  const mode = options.filter ?? config.filter;
  let changes: ChangeSet | undefined;
  if (options.diff) changes = changeSetFromUnifiedDiff(readTextFile(resolve(io.cwd, options.diff), `the diff ${options.diff}`));
  else if (base) changes = changeSetFromUnifiedDiff(base.diff());
  if (mode !== 'nofilter') {
    if (changes) policy.filter = { mode, changes };
    else if (options.filter) throw new UsageError(`--filter ${mode} needs the change: pass --diff FILE or --base REF.`);
    else io.stderr(`plimsoll: filter ${mode} (from config) is not applied: no --diff or --base given.\n`);
  }
  if (options.newOnly || config.newOnly) {
    if (!base) {
      if (options.newOnly) throw new UsageError('--new-only needs --base REF to compare with.');
      io.stderr('plimsoll: newOnly (from config) is not applied: no --base given.\n');
    } else {
      const baseSources: SourceFile[] = [];
      for (const path of files) {
        const bytes = base.read(changes?.get(path)?.previousPath ?? path);
        // Scanned under the head path so fingerprints line up across renames.
        if (bytes) baseSources.push({ path, bytes });
      }
      // The same context, as it was at the base, so cross-object findings compare like for like.
      const baseContext: SourceFile[] = [];
      for (const path of contextFiles) {
        const bytes = base.read(changes?.get(path)?.previousPath ?? path);
        if (bytes) baseContext.push({ path, bytes });
      }
      const baseOptions = baseContext.length > 0 ? { ...scanOptions, contextSources: baseContext } : scanOptions;
      policy.baseline = baselineOf(applyPolicy(scanSources(baseSources, baseOptions).findings, config));
    }
  }

  let report: Iterable<string>;
  if (options.format === 'json') report = [formatJson(findings, stats, TOOL_VERSION)];
  else if (options.format === 'sarif') report = formatSarifChunks(findings, catalogOf(config), TOOL_VERSION);
  else {
    const color = options.color && !options.output && io.isTty && !io.env.NO_COLOR;
    report = [formatText(findings, stats, { color })];
  }
  if (options.output) writeChunks(resolve(io.cwd, options.output), options.output, report);
  else for (const chunk of report) io.stdout(chunk);
  const verdict = decideVerdict(findings, policy);
  if (options.format === 'text' || options.output) io.stderr(`plimsoll: ${verdict.reason}\n`);
  return verdict.block ? EXIT_BLOCK : EXIT_PASS;
}

function runFix(paths: string[], options: FixCommandOptions, io: CliIo): number {
  const config = loadCliConfig(io.cwd, options.config || undefined, options.config !== false);
  const known = config.knownRules.map((r) => r.definition.id);
  for (const id of options.rule ?? []) {
    if (!known.includes(id)) throw new UsageError(`Unknown rule "${id}".${suggest(id, known)}`);
  }
  const ruleIds = options.rule ? new Set(options.rule) : undefined;
  const today = todayIso();
  const isExempt = (finding: Finding): boolean => applyConfigExemptions([finding], config.exemptions, today)[0]!.suppressed !== undefined;
  const files = selectFiles(paths, config, io.cwd, io);
  const scanOptions = resolveScanTextOptions({ ...config.scanOptions, kustomizePatches: kustomizePatchFiles(files, io.cwd) });
  let fixedCount = 0;
  let changedFiles = 0;
  const leftovers: Finding[] = [];
  const linksWithin = linkBoundary(io.cwd);
  for (const file of files) {
    const absolute = resolve(io.cwd, file);
    if (STANDARD_INPUT.has(absolute) && !options.dryRun) {
      throw new UsageError('fix cannot write back to standard input; add --dry-run to print the fixes as a diff.');
    }
    const read = readManifestFile(absolute, { linksWithin });
    // Devices, binary, oversized or non-UTF-8 files are reported by scan; fix leaves them alone.
    if ('problem' in read) continue;
    const bytes = read.bytes;
    if (scanBytes(file, bytes, { ...scanOptions, rules: [], fixes: false }).findings.length > 0) continue;
    const text = bytes.toString('utf8');
    const result = fixText(file, text, scanOptions, { ...(ruleIds ? { ruleIds } : {}), isExempt });
    leftovers.push(...result.unfixed);
    if (result.text === text) continue;
    fixedCount += result.fixed.length;
    changedFiles += 1;
    if (options.dryRun) {
      // a/dev/stdin, not a//dev/stdin: the a/ and b/ prefixes of git diffs, before a relative name.
      const name = file.replace(/^\/+/, '');
      io.stdout(createTwoFilesPatch(`a/${name}`, `b/${name}`, text, result.text, '', '').replace(/^=+\n/, ''));
    }
    else {
      try {
        writeFileSync(absolute, result.text);
      } catch (error) {
        throw new FileAccessError(`Cannot write the fixed ${file}: ${systemErrorMessage(error)}`);
      }
    }
  }
  const verb = options.dryRun ? 'Would fix' : 'Fixed';
  io.stderr(`plimsoll: ${verb} ${fixedCount} finding${fixedCount === 1 ? '' : 's'} in ${changedFiles} file${changedFiles === 1 ? '' : 's'}.\n`);
  for (const f of leftovers) {
    io.stderr(`plimsoll: not fixed automatically: ${f.file}:${f.range.start.line}:${f.range.start.column} ${f.ruleId}\n`);
  }
  return EXIT_PASS;
}

