// Kubernetes objects found in parsed documents, with the path from the document root to each one
// (non-empty for items of a `List`).
import type { ParsedDocument } from '../parse/parse-manifest-text.ts';
import type { FieldPath, ObjectRef } from '../types.ts';

export type JsonObject = Record<string, unknown>;

export interface KubeObject {
  ref: ObjectRef;
  value: JsonObject;
  /** Path from the document root to the object: [] normally, ['items', i] inside a List. */
  basePath: FieldPath;
  document: ParsedDocument;
  documentIndex: number;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function looksLikeKubeObject(value: unknown): value is JsonObject & { apiVersion: string; kind: string } {
  return isJsonObject(value) && typeof value.apiVersion === 'string' && typeof value.kind === 'string';
}

/** Objects in one document; non-Kubernetes YAML (no apiVersion and kind) yields none, quietly. */
export function objectsInDocument(document: ParsedDocument, documentIndex: number): KubeObject[] {
  const value = document.value;
  if (!looksLikeKubeObject(value)) return [];
  const isList = value.kind.endsWith('List') && Array.isArray(value.items);
  if (!isList) return [toKubeObject(value, [], document, documentIndex)];
  const out: KubeObject[] = [];
  (value.items as unknown[]).forEach((item, index) => {
    if (looksLikeKubeObject(item)) out.push(toKubeObject(item, ['items', index], document, documentIndex));
  });
  return out;
}

function toKubeObject(
  value: JsonObject & { apiVersion: string; kind: string },
  basePath: FieldPath,
  document: ParsedDocument,
  documentIndex: number,
): KubeObject {
  const metadata = isJsonObject(value.metadata) ? value.metadata : {};
  const name =
    typeof metadata.name === 'string'
      ? metadata.name
      : typeof metadata.generateName === 'string'
        ? `${metadata.generateName}*`
        : '(unnamed)';
  const ref: ObjectRef = { apiVersion: value.apiVersion, kind: value.kind, name };
  if (typeof metadata.namespace === 'string') ref.namespace = metadata.namespace;
  return { ref, value, basePath, document, documentIndex };
}
