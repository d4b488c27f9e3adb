// Generates schema/kubernetes/<version>.json, the compact JSON schema the schema-validation rules
// check manifests against, from the `kubernetes-types` package (TypeScript declarations generated
// from the upstream Kubernetes OpenAPI spec, one package version per Kubernetes minor).
//
// Why this source: it is on the npm registry (offline at scan time, the generated file is committed),
// versioned like Kubernetes, and keeps the three facts validation needs: every field of every type
// (unknown fields), each field's type, and which fields are required (non-optional properties).
// `kubernetes-models` ships precompiled validators instead, but they accept unknown fields, which is
// the typo check users want most. The declarations are read with the TypeScript compiler API.
//
// Run: node scripts/generate-kubernetes-schemas.ts [output-file]  (default schema/kubernetes/<minor>.json)
import { readdirSync, readFileSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

type Schema = Record<string, unknown>;

const require = createRequire(import.meta.url);
const packageDir = dirname(require.resolve('kubernetes-types/package.json'));
const version = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
const minor = version.split('.').slice(0, 2).join('.');

/** Aliases whose TypeScript type is narrower than what the API server accepts from YAML. */
const OVERRIDES: Record<string, Schema> = {
  // Quantities are int-or-string in the OpenAPI spec: `cpu: 1` is as valid as `cpu: "1"`.
  'api.resource.Quantity': { type: ['string', 'number'] },
};

/**
 * Fields the OpenAPI spec lists as required but the API server never enforced; later Kubernetes
 * releases made them optional in the spec too. Reporting them missing would be a false failure.
 */
const NOT_REQUIRED: Record<string, string[]> = {
  // A StatefulSet without a governing Service is accepted (kubernetes/kubernetes#130233 marked it optional).
  'apps.v1.StatefulSetSpec': ['serviceName'],
  // An absent podSelector is the empty selector, every pod of the namespace; the server never required it.
  'networking.v1.NetworkPolicySpec': ['podSelector'],
};

function declarationFiles(directory: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(directory)) {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) out.push(...declarationFiles(path));
    else if (name.endsWith('.d.ts') && name !== 'version.d.ts') out.push(path);
  }
  return out.sort();
}

/** "apps/v1.d.ts" -> "apps.v1"; "runtime.d.ts" -> "runtime". */
function moduleIdOf(file: string): string {
  return relative(packageDir, file).replace(/\.d\.ts$/, '').split('/').join('.');
}

const definitions: Record<string, Schema> = {};
const kinds: Record<string, string> = {};

for (const file of declarationFiles(packageDir)) {
  const moduleId = moduleIdOf(file);
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  // Imported names resolve to the module they come from.
  const scope = new Map<string, string>();
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && statement.importClause?.namedBindings && ts.isNamedImports(statement.importClause.namedBindings)) {
      const target = moduleIdOf(join(dirname(file), `${(statement.moduleSpecifier as ts.StringLiteral).text}.d.ts`));
      for (const element of statement.importClause.namedBindings.elements) scope.set(element.name.text, target);
    }
    if ((ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) && !scope.has(statement.name.text)) {
      scope.set(statement.name.text, moduleId);
    }
  }
  const refTo = (name: string): Schema => ({ $ref: `#/definitions/${scope.get(name) ?? moduleId}.${name}` });

  const schemaOf = (node: ts.TypeNode): Schema => {
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return { type: 'string' };
      case ts.SyntaxKind.NumberKeyword:
        return { type: 'number' };
      case ts.SyntaxKind.BooleanKeyword:
        return { type: 'boolean' };
      case ts.SyntaxKind.AnyKeyword:
      case ts.SyntaxKind.UnknownKeyword:
        return {};
    }
    if (ts.isLiteralTypeNode(node)) {
      if (ts.isStringLiteral(node.literal)) return { type: 'string' };
      if (ts.isNumericLiteral(node.literal)) return { type: 'number' };
      return { type: 'boolean' };
    }
    if (ts.isArrayTypeNode(node)) return { type: 'array', items: schemaOf(node.elementType) };
    if (ts.isParenthesizedTypeNode(node)) return schemaOf(node.type);
    if (ts.isTypeReferenceNode(node)) {
      const name = node.typeName.getText(source);
      if (name === 'Array' && node.typeArguments?.[0]) return { type: 'array', items: schemaOf(node.typeArguments[0]) };
      return refTo(name);
    }
    if (ts.isTypeLiteralNode(node)) {
      const index = node.members.find(ts.isIndexSignatureDeclaration);
      if (index) return { type: 'object', additionalProperties: schemaOf(index.type) };
      return objectSchema(node.members);
    }
    if (ts.isUnionTypeNode(node)) {
      const parts = node.types.map(schemaOf);
      // `number | string` (IntOrString) and the like: a type list keeps one error per value.
      if (parts.every((p) => typeof p.type === 'string' && Object.keys(p).length === 1)) {
        return { type: [...new Set(parts.map((p) => p.type as string))] };
      }
      return {}; // Unions of structures (JSONSchemaPropsOrArray): accept, rather than guess.
    }
    throw new Error(`${file}: unsupported type ${ts.SyntaxKind[node.kind]}: ${node.getText(source)}`);
  };

  const objectSchema = (members: ts.NodeArray<ts.TypeElement>): Schema => {
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    for (const member of members) {
      if (!ts.isPropertySignature(member) || !member.type) continue;
      const name = ts.isStringLiteral(member.name) || ts.isIdentifier(member.name) ? member.name.text : member.name.getText(source);
      properties[name] = schemaOf(member.type);
      if (!member.questionToken) required.push(name);
    }
    // An empty interface (RawExtension, JSON, FieldsV1) holds free-form data.
    if (Object.keys(properties).length === 0) return {};
    const schema: Schema = { type: 'object', properties, additionalProperties: false };
    if (required.length) schema.required = required.sort();
    return schema;
  };

  for (const statement of source.statements) {
    if (ts.isInterfaceDeclaration(statement)) {
      const id = `${moduleId}.${statement.name.text}`;
      const schema = OVERRIDES[id] ?? objectSchema(statement.members);
      const notRequired = NOT_REQUIRED[id];
      if (notRequired && Array.isArray(schema.required)) {
        schema.required = schema.required.filter((name: string) => !notRequired.includes(name));
        if ((schema.required as string[]).length === 0) delete schema.required;
      }
      definitions[id] = schema;
      // Top-level kinds declare `apiVersion?: "group/version"` and `kind?: "Kind"` as literals.
      const literal = (key: string): string | undefined => {
        const member = statement.members.find((m) => ts.isPropertySignature(m) && m.name.getText(source) === key) as ts.PropertySignature | undefined;
        const type = member?.type;
        return type && ts.isLiteralTypeNode(type) && ts.isStringLiteral(type.literal) ? type.literal.text : undefined;
      };
      const apiVersion = literal('apiVersion');
      const kind = literal('kind');
      if (apiVersion && kind) kinds[`${apiVersion}/${kind}`] = id;
    } else if (ts.isTypeAliasDeclaration(statement)) {
      const id = `${moduleId}.${statement.name.text}`;
      definitions[id] = OVERRIDES[id] ?? schemaOf(statement.type);
    }
  }
}

const output = {
  $comment: `Generated by scripts/generate-kubernetes-schemas.ts from kubernetes-types@${version}. Do not edit.`,
  kubernetesVersion: minor,
  kinds: Object.fromEntries(Object.entries(kinds).sort(([a], [b]) => a.localeCompare(b))),
  definitions: Object.fromEntries(Object.entries(definitions).sort(([a], [b]) => a.localeCompare(b))),
};
const outFile = process.argv[2]
  ? resolve(process.argv[2])
  : join(dirname(fileURLToPath(import.meta.url)), '..', 'schema', 'kubernetes', `${minor}.json`);
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, `${JSON.stringify(output)}\n`);
console.log(`${relative(process.cwd(), outFile)}: ${Object.keys(kinds).length} kinds, ${Object.keys(definitions).length} definitions, ${statSync(outFile).size} bytes`);
