// Checks requests to the fake GitHub (and its own responses) against GitHub's official OpenAPI
// description, extracted by scripts/extract-openapi.ts. Ajv is the JSON Schema validator the project
// already uses for rules; OpenAPI 3.0's `nullable` is one of its supported keywords.
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

export interface OpenApiParameter {
  name: string;
  in: string;
  required: boolean;
  schema: object;
}

export interface OpenApiOperation {
  operationId: string;
  method: string;
  path: string;
  parameters: OpenApiParameter[];
  requestBody?: { required: boolean; schema: object };
  responses: Record<string, object>;
}

interface OperationsFile {
  source: string;
  operations: OpenApiOperation[];
}

export interface MatchedOperation {
  operation: OpenApiOperation;
  params: Record<string, string>;
}

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

export class OpenApiValidator {
  readonly source: string;
  readonly operations: readonly OpenApiOperation[];
  readonly #ajv: Ajv;
  readonly #compiled = new Map<string, ValidateFunction>();
  readonly #matchers: { operation: OpenApiOperation; pattern: RegExp; names: string[] }[];

  constructor(file: URL = new URL('./openapi-operations.json', import.meta.url)) {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as OperationsFile;
    this.source = parsed.source;
    this.operations = parsed.operations;
    this.#ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
    this.#matchers = parsed.operations.map((operation) => {
      const names: string[] = [];
      // `{path}` in repos/get-content spans slashes; every other parameter is one segment.
      const source = operation.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, name: string) => {
        names.push(name);
        return name === 'path' || name === 'ref' ? '(.+)' : '([^/]+)';
      });
      return { operation, pattern: new RegExp(`^${source}$`), names };
    });
  }

  /** The operation a method and URL path (no query) belong to, with its decoded path parameters. */
  match(method: string, pathname: string): MatchedOperation | undefined {
    for (const { operation, pattern, names } of this.#matchers) {
      if (operation.method !== method.toUpperCase()) continue;
      const found = pattern.exec(pathname);
      if (!found) continue;
      const params: Record<string, string> = {};
      names.forEach((name, index) => (params[name] = decodeURIComponent(found[index + 1]!)));
      return { operation, params };
    }
    return undefined;
  }

  byId(operationId: string): OpenApiOperation {
    const operation = this.operations.find((op) => op.operationId === operationId);
    if (!operation) throw new Error(`Operation ${operationId} is not in openapi-operations.json; add it to scripts/extract-openapi.ts`);
    return operation;
  }

  /** Problems with a request's query and body, as GitHub would word a 422 (empty when valid). */
  validateRequest(operation: OpenApiOperation, query: URLSearchParams, body: unknown): string[] {
    const problems: string[] = [];
    for (const parameter of operation.parameters.filter((p) => p.in === 'query')) {
      const raw = query.get(parameter.name);
      if (raw === null) {
        if (parameter.required) problems.push(`query parameter ${parameter.name} is required`);
        continue;
      }
      const schema = parameter.schema as { type?: string };
      const value = schema.type === 'integer' || schema.type === 'number' ? Number(raw) : raw;
      const validate = this.#compile(`${operation.operationId} query ${parameter.name}`, parameter.schema);
      if (!validate(value)) problems.push(...describe(validate, `query.${parameter.name}`));
    }
    if (operation.requestBody) {
      if (body === undefined) {
        if (operation.requestBody.required) problems.push('a JSON request body is required');
      } else {
        const validate = this.#compile(`${operation.operationId} body`, operation.requestBody.schema);
        if (!validate(body)) problems.push(...describe(validate, 'body'));
      }
    }
    return problems;
  }

  /** Problems with what the fake answered: keeps the fake honest about GitHub's response shapes. */
  validateResponse(operation: OpenApiOperation, status: number, body: unknown): string[] {
    const schema = operation.responses[String(status)];
    if (!schema) return [];
    const validate = this.#compile(`${operation.operationId} response ${status}`, schema);
    return validate(body) ? [] : describe(validate, `response ${status}`);
  }

  #compile(key: string, schema: object): ValidateFunction {
    let validate = this.#compiled.get(key);
    if (!validate) {
      validate = this.#ajv.compile(schema);
      this.#compiled.set(key, validate);
    }
    return validate;
  }
}

function describe(validate: ValidateFunction, where: string): string[] {
  return (validate.errors ?? []).map((error) => `${where}${error.instancePath.replace(/\//g, '.')} ${error.message ?? 'is invalid'}`);
}
