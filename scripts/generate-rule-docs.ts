// Writes docs/rules.md from rules/*.yaml (npm run docs:rules). With --check it writes nothing and
// exits 1 when the committed page is stale, for CI.
import { readFileSync, writeFileSync } from 'node:fs';
import { loadBuiltinRules } from '../src/rules/load-rules.ts';
import { ruleCatalog } from '../src/rules/rule-catalog.ts';
import { renderRuleDocs } from '../src/rules/render-rule-docs.ts';

const target = new URL('../docs/rules.md', import.meta.url);
const rules = loadBuiltinRules();
const params = Object.fromEntries(rules.flatMap((r) => (r.definition.params ? [[r.definition.id, r.definition.params]] : [])));
const text = renderRuleDocs(ruleCatalog(rules), params);

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // A missing page is stale too.
  }
  if (current !== text) {
    console.error('docs/rules.md is stale: run npm run docs:rules');
    process.exit(1);
  }
  console.log('docs/rules.md is up to date');
} else {
  writeFileSync(target, text);
  console.log('wrote docs/rules.md');
}
