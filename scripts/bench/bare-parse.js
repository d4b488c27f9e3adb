// The benchmark's yardstick: read every manifest file under a folder and load it with the `yaml`
// package the plain way (parseAllDocuments + toJS), nothing else. Prints its own time and peak memory.
// Plain JavaScript so that Node does not load its TypeScript stripper first, which a bare parse would
// not need either. `node scripts/bench/bare-parse.js <dir>`
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/bench/bare-parse.js <dir>');
  process.exit(2);
}
const started = performance.now();
let documents = 0;
for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !/\.(ya?ml|json)$/.test(entry.name)) continue;
  const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
  for (const document of parseAllDocuments(text)) {
    document.toJS();
    documents += 1;
  }
}
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ documents, seconds, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
