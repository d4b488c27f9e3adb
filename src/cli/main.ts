// `plimsoll scan|rules`: the same verdict on a laptop as in the pull request.
// Exit codes: 0 pass, 1 the policy blocks, 2 usage or configuration error.
import { writeFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { collectManifestFiles, PathNotFoundError } from '../files/collect-manifest-files.ts';
import { readSources, scanSources } from '../engine/scan.ts';
import { loadBuiltinRules, RuleLoadError } from '../rules/load-rules.ts';
import { ruleCatalog } from '../rules/rule-catalog.ts';
import { formatText } from '../report/format-text.ts';
import { formatJson } from '../report/format-json.ts';
import { formatSarif } from '../report/format-sarif.ts';
import { formatRuleList, formatRuleExplanation } from './format-rules.ts';
import { decideVerdict, type FailOn } from '../policy/verdict.ts';
import { SEVERITIES } from '../types.ts';
import { TOOL_VERSION } from '../version.ts';

export const EXIT_PASS = 0;
export const EXIT_BLOCK = 1;
export const EXIT_USAGE = 2;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTty: boolean;
  cwd: string;
  env: Record<string, string | undefined>;
}

class UsageError extends Error {}

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
      new Option('--fail-on <severity>', 'exit 1 when a finding at or above this severity exists')
        .choices([...SEVERITIES, 'none'])
        .default('high'),
    )
    .option('--no-color', 'never colour the text output')
    .action((paths: string[], options: { format: string; output?: string; failOn: FailOn; color: boolean }) => {
      exitCode = runScan(paths, options, io);
    });

  program
    .command('rules')
    .description('List the built-in rules, or explain one')
    .argument('[id]', 'rule id to explain')
    .action((id: string | undefined) => {
      const catalog = ruleCatalog(loadBuiltinRules());
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
    if (error instanceof UsageError || error instanceof PathNotFoundError || error instanceof RuleLoadError) {
      io.stderr(`plimsoll: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

function runScan(
  paths: string[],
  options: { format: string; output?: string; failOn: FailOn; color: boolean },
  io: CliIo,
): number {
  const files = collectManifestFiles(paths, io.cwd);
  const result = scanSources(readSources(files, io.cwd));
  const stats = { files: result.files, objects: result.objects };
  let report: string;
  if (options.format === 'json') report = formatJson(result.findings, stats, TOOL_VERSION);
  else if (options.format === 'sarif') report = formatSarif(result.findings, ruleCatalog(result.rules), TOOL_VERSION);
  else {
    const color = options.color && !options.output && io.isTty && !io.env.NO_COLOR;
    report = formatText(result.findings, stats, { color });
  }
  if (options.output) writeFileSync(options.output, report);
  else io.stdout(report);
  const verdict = decideVerdict(result.findings, { failOn: options.failOn });
  return verdict.block ? EXIT_BLOCK : EXIT_PASS;
}

/** "Did you mean" for a mistyped rule id: the closest id by edit distance, when close enough. */
export function suggest(input: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(input, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best && bestDistance <= Math.max(2, Math.floor(input.length / 3)) ? ` Did you mean "${best}"?` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
