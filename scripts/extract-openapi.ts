// Extracts the few GitHub REST operations Plimsoll calls from GitHub's official OpenAPI description
// (@octokit/openapi, 13 MB) into test/fake-github/openapi-operations.json, which the fake GitHub server
// validates requests and its own responses against. Re-run after adding an operation or upgrading
// @octokit/openapi: `node scripts/extract-openapi.ts`.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** Operation ids as GitHub names them; the App adds its own here. */
export const OPERATION_IDS = [
  'pulls/get',
  'pulls/list-files',
  'pulls/list-review-comments',
  'pulls/list-reviews',
  'pulls/create-review',
  'pulls/update-review-comment',
  'pulls/delete-review-comment',
  'checks/create',
  'checks/update',
  'checks/list-annotations',
  'repos/get-content',
  'issues/list-comments',
  'issues/create-comment',
  'issues/update-comment',
  'git/get-ref',
  'git/get-commit',
  'git/create-blob',
  'git/create-tree',
  'git/create-commit',
  'git/update-ref',
  // The GitHub App's own (app/): installation tokens, check run look-ups, permissions, big blobs.
  'apps/create-installation-access-token',
  'apps/get-authenticated',
  'checks/get',
  'checks/list-for-ref',
  'repos/get-collaborator-permission-level',
  'git/get-blob',
] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface ExtractedOperation {
  operationId: string;
  method: string;
  path: string;
  parameters: { name: string; in: string; required: boolean; schema: Json }[];
  requestBody?: { required: boolean; schema: Json };
  /** Success responses only: what the fake returns must look like what GitHub returns. */
  responses: Record<string, Json>;
}

const require = createRequire(import.meta.url);
const specPath = require.resolve('@octokit/openapi/generated/api.github.com.json');
type Spec = { openapi: string; info: { version: string }; paths: Record<string, Record<string, Json>> } & Record<string, Json>;
// Loaded on first use: importing this module (the staleness test) should not parse 13 MB.
let spec: Spec;

const PROSE_KEYS = new Set(['description', 'example', 'examples', 'summary', 'externalDocs']);

/** Inlines every local $ref. Cycles (rare in GitHub's schemas) are cut to an open schema. */
function deref(node: Json, seen: readonly string[] = [], isPropertyMap = false): Json {
  if (Array.isArray(node)) return node.map((item) => deref(item, seen));
  if (node === null || typeof node !== 'object') return node;
  const ref = node.$ref;
  if (typeof ref === 'string') {
    if (seen.includes(ref)) return {};
    const target = ref
      .slice(2)
      .split('/')
      .reduce<Json>((at, key) => (at as Record<string, Json>)[key.replace(/~1/g, '/').replace(/~0/g, '~')]!, spec as unknown as Json);
    return deref(target, [...seen, ref]);
  }
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(node)) {
    // Prose and examples make the file large and validate nothing (but a property may be named so).
    if (!isPropertyMap && PROSE_KEYS.has(key)) continue;
    out[key] = deref(value, seen, key === 'properties' && !isPropertyMap);
  }
  // OpenAPI 3.0 lets `nullable` widen an `enum`; JSON Schema (Ajv) needs null listed in it.
  if (!isPropertyMap && out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return out;
}

/** The committed file's text, so a test can tell when it is stale. */
export function extractOpenApiOperations(): string {
spec ??= JSON.parse(readFileSync(specPath, 'utf8')) as Spec;
const operations: ExtractedOperation[] = [];
for (const [path, item] of Object.entries(spec.paths)) {
  for (const [method, raw] of Object.entries(item)) {
    const op = raw as Record<string, Json>;
    if (!OPERATION_IDS.includes(op.operationId as (typeof OPERATION_IDS)[number])) continue;
    const parameters = ((deref(op.parameters ?? []) as Json[]) as Record<string, Json>[]).map((p) => ({
      name: p.name as string,
      in: p.in as string,
      required: p.required === true,
      schema: p.schema ?? {},
    }));
    const extracted: ExtractedOperation = { operationId: op.operationId as string, method: method.toUpperCase(), path, parameters, responses: {} };
    const body = deref(op.requestBody ?? null) as Record<string, Json> | null;
    const bodySchema = (body?.content as Record<string, Record<string, Json>> | undefined)?.['application/json']?.schema;
    if (bodySchema) extracted.requestBody = { required: body?.required === true, schema: bodySchema };
    for (const [status, response] of Object.entries((op.responses ?? {}) as Record<string, Json>)) {
      if (!/^2\d\d$/.test(status)) continue;
      const schema = ((deref(response) as Record<string, Json>).content as Record<string, Record<string, Json>> | undefined)?.['application/json']?.schema;
      if (schema) extracted.responses[status] = schema;
    }
    operations.push(extracted);
  }
}
const missing = OPERATION_IDS.filter((id) => !operations.some((op) => op.operationId === id));
if (missing.length > 0) throw new Error(`Not in the OpenAPI description: ${missing.join(', ')}`);
operations.sort((a, b) => a.operationId.localeCompare(b.operationId));

const pkg = JSON.parse(readFileSync(require.resolve('@octokit/openapi/package.json'), 'utf8')) as { version: string };
return `${JSON.stringify({ source: `@octokit/openapi ${pkg.version} api.github.com.json (OpenAPI ${spec.openapi}, API ${spec.info.version})`, operations }, null, 1)}\n`;
}

export const OPENAPI_OPERATIONS_FILE = new URL('../test/fake-github/openapi-operations.json', import.meta.url);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(OPENAPI_OPERATIONS_FILE, extractOpenApiOperations());
  console.log(`Wrote ${OPERATION_IDS.length} operations to ${OPENAPI_OPERATIONS_FILE.pathname}`);
}
