// Small helpers so tests read as "scan this text with these rules".
import { scanText, type FileScan } from '../../src/engine/scan-text.ts';
import { resolveScanTextOptions, type ScanOptions } from '../../src/engine/scan.ts';
import { loadBuiltinRules } from '../../src/rules/load-rules.ts';
import type { CompiledRule } from '../../src/rules/compile-rule.ts';

export function scanYaml(text: string, options: ScanOptions = {}, file = 'test.yaml'): FileScan {
  return scanText(file, text, resolveScanTextOptions(options));
}

export function builtinRule(id: string): CompiledRule {
  const rule = loadBuiltinRules().find((r) => r.definition.id === id);
  if (!rule) throw new Error(`no built-in rule ${id}`);
  return rule;
}

/** Dedent a template literal so inline YAML can be indented with the test code. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((out, s, i) => out + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.match(/^ */)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}
