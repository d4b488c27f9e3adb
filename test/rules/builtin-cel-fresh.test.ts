// src/rules/builtin-cel.generated.js is generated and committed (the built-in rules' CEL written as
// JavaScript, see src/rules/cel-codegen.ts): it must match the rules and the code writer, and a scan
// must take that code for the built-in rules' expressions. Whether the code answers as the
// interpreter does is checked in cel-fast-path.test.ts (the "built" and "generated" runs).
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { BUILTIN_CEL_FILE, generateBuiltinCel } from '../../scripts/generate-builtin-cel.ts';
import { generatedFastPaths } from '../../src/rules/builtin-cel.generated.js';
import { Environment } from '@marcbachmann/cel-js';
import { celFastPathCounts, compileExpression } from '../../src/rules/cel-environment.ts';
import { loadBuiltinRules } from '../../src/rules/load-rules.ts';

describe('build-time code of the built-in rules’ CEL', () => {
  it('is what the generator writes now (run `npm run generate:cel` when this fails)', () => {
    const committed = readFileSync(BUILTIN_CEL_FILE, 'utf8');
    expect(committed === generateBuiltinCel(), 'src/rules/builtin-cel.generated.js is stale').toBe(true);
  });

  it('covers every expression of the built-in rules', () => {
    loadBuiltinRules();
    const sources = new Set(celFastPathCounts().map((count) => count.source));
    expect(sources.size).toBeGreaterThan(300);
    expect([...sources].filter((source) => !generatedFastPaths.has(source))).toEqual([]);
  });

  it('answers in place of the parser: a built-in expression is parsed only when its code bails', () => {
    expect(generatedFastPaths.has('!blocks')).toBe(true);
    const parse = vi.spyOn(Environment.prototype, 'parse');
    try {
      const expression = compileExpression('!blocks');
      expect(expression({ blocks: false })).toBe(true);
      expect(expression({ blocks: true })).toBe(false);
      expect(parse).not.toHaveBeenCalled();
      // A value the code cannot vouch for (a Map) goes to the interpreter, parsed then.
      expect(() => expression({ blocks: new Map() })).toThrow();
      expect(parse).toHaveBeenCalledTimes(1);
    } finally {
      parse.mockRestore();
    }
  });
});
