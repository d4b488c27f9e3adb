// Machine-readable report: every finding field, suppressed ones included and marked.
import type { Finding } from '../types.ts';

export interface JsonReport {
  version: 1;
  tool: { name: 'plimsoll'; version: string };
  summary: { files: number; objects: number; findings: number; suppressed: number };
  findings: Finding[];
}

export function formatJson(findings: readonly Finding[], stats: { files: number; objects: number }, toolVersion: string): string {
  const report: JsonReport = {
    version: 1,
    tool: { name: 'plimsoll', version: toolVersion },
    summary: {
      files: stats.files,
      objects: stats.objects,
      findings: findings.filter((f) => !f.suppressed).length,
      suppressed: findings.filter((f) => f.suppressed).length,
    },
    findings: [...findings],
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
