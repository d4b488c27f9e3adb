// Human-readable report: grouped by file, `file:line:col`, colour only on a terminal.
import { describeObject, SEVERITIES, type Finding, type Severity } from '../types.ts';

export interface TextReportOptions {
  color: boolean;
}

const COLORS: Record<Severity, string> = {
  critical: '\u001b[1;35m',
  high: '\u001b[31m',
  medium: '\u001b[33m',
  low: '\u001b[36m',
  info: '\u001b[2m',
};
const RESET = '\u001b[0m';
const DIM = '\u001b[2m';
const BOLD = '\u001b[1m';

export function formatText(findings: readonly Finding[], stats: { files: number; objects: number }, options: TextReportOptions): string {
  const paint = (code: string, text: string) => (options.color ? `${code}${text}${RESET}` : text);
  const active = findings.filter((f) => !f.suppressed);
  const lines: string[] = [];
  let currentFile: string | undefined;
  for (const finding of active) {
    if (finding.file !== currentFile) {
      if (currentFile !== undefined) lines.push('');
      lines.push(paint(BOLD, finding.file));
      currentFile = finding.file;
    }
    const where = `${finding.file}:${finding.range.start.line}:${finding.range.start.column}`;
    const about = finding.object
      ? ` ${paint(DIM, `(${describeObject(finding.object)}${finding.container ? `, container ${finding.container}` : ''})`)}`
      : '';
    lines.push(
      `  ${where}  ${paint(COLORS[finding.severity], finding.severity.padEnd(8))} ${finding.ruleId}  ${finding.message}${about}${finding.fix ? paint(DIM, ' [fixable]') : ''}`,
    );
  }
  if (active.length > 0) lines.push('');
  lines.push(summaryLine(active, stats, findings.length - active.length));
  return `${lines.join('\n')}\n`;
}

function summaryLine(active: readonly Finding[], stats: { files: number; objects: number }, suppressed: number): string {
  const counts = SEVERITIES.map((s) => [s, active.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  const scanned = `${stats.files} file${stats.files === 1 ? '' : 's'}, ${stats.objects} object${stats.objects === 1 ? '' : 's'} scanned`;
  const found = active.length === 0 ? 'no findings' : `${active.length} finding${active.length === 1 ? '' : 's'} (${counts.join(', ')})`;
  return `${scanned}: ${found}${suppressed > 0 ? `, ${suppressed} suppressed` : ''}.`;
}
