// The TypeScript escape hatch of the rule format (design.md): checks the YAML format cannot express.
// A code rule still has a YAML file (`implementation: typescript`) for its metadata, docs and
// examples; the registry (registry.ts) binds that file's id to one of these implementations.
import type { KubeObject } from '../../model/kube-object.ts';
import type { ContextIndex, IndexedObject } from '../../context/context-index.ts';
import type { FieldPath } from '../../types.ts';

/** What a code rule reports; the engine turns it into a Finding exactly like a CEL violation. */
export interface CodeViolation {
  /** Path from the object's root (not the document root) to what the finding points at. */
  path: FieldPath;
  message: string;
  /** Point at the key of `path` rather than its value (an unknown field is its key). */
  pointAtKey?: boolean;
  /** Identity for the fingerprint when it differs from `path` (default: `path`). */
  identityPath?: FieldPath;
}

/** Checks one object on its own, like a CEL rule, with the parsed object in hand. */
export interface ObjectCodeRule {
  id: string;
  phase: 'object';
  check(object: KubeObject, params: Record<string, unknown>): CodeViolation[];
}

export interface ContextViolation extends CodeViolation {
  /** The object the finding is about; only objects of reported files turn into findings. */
  object: IndexedObject;
}

/** Checks objects against each other, after the whole scan context has been indexed. */
export interface ContextCodeRule {
  id: string;
  phase: 'context';
  check(index: ContextIndex, params: Record<string, unknown>): ContextViolation[];
}

export type CodeRule = ObjectCodeRule | ContextCodeRule;
