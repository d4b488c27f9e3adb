// Maps a field path to the exact text it is about. A finding points at the offending value when it
// exists, or at the key of the nearest existing parent when the field is missing (design.md).
import { isMap, isScalar, isSeq, isAlias, type Document, type Node, type Pair } from 'yaml';
import type { FieldPath, PathSegment } from '../types.ts';

export interface LocatedNode {
  startOffset: number;
  endOffset: number;
  /** How much of the path exists: equal to path.length when the whole path was found. */
  depth: number;
  /** The node at `depth` (the deepest existing node). */
  node: Node | undefined;
}

interface Step {
  node: Node;
  /** The map pair whose value is `node`, when reached through a map key. */
  pair?: Pair<unknown, unknown>;
}

/** Walks `path` from the document root, following aliases, and reports the deepest node reached. */
export function walkPath(document: Document.Parsed, path: FieldPath): Step[] {
  const root = document.contents;
  if (!root) return [];
  const steps: Step[] = [{ node: resolveAlias(document, root) }];
  for (const segment of path) {
    const current = steps[steps.length - 1]!.node;
    const next = child(document, current, segment);
    if (!next) break;
    steps.push(next);
  }
  return steps;
}

export interface LocateOptions {
  /** Point at the key of the last segment even when its value is a scalar (an unknown field's name). */
  key?: boolean;
}

export function locatePath(document: Document.Parsed, path: FieldPath, options: LocateOptions = {}): LocatedNode {
  const steps = walkPath(document, path);
  const depth = steps.length - 1;
  const fallback = document.range ?? [0, 0, 0];
  if (steps.length === 0) return { startOffset: fallback[0], endOffset: fallback[0], depth: 0, node: undefined };
  const last = steps[steps.length - 1]!;
  const found = depth === path.length;
  const keyNode = options.key && found ? (last.pair?.key as Node | undefined) : undefined;
  const [startOffset, endOffset] = keyNode?.range ? [keyNode.range[0], keyNode.range[1]] : rangeForStep(last, found);
  return { startOffset, endOffset, depth, node: last.node };
}

function rangeForStep(step: Step, found: boolean): [number, number] {
  const { node, pair } = step;
  // A found scalar: point at the value itself (`privileged: true` -> `true`).
  if (found && isScalar(node) && node.range) return [node.range[0], node.range[1]];
  // A collection reached through a key: point at the key (`securityContext:`).
  const key = pair?.key as Node | undefined;
  if (key && key.range) return [key.range[0], key.range[1]];
  // A collection in a list (a container): point at its first key (`- name: app`).
  if (isMap(node) && node.items.length > 0) {
    const firstKey = node.items[0]!.key as Node | undefined;
    if (firstKey?.range) return [firstKey.range[0], firstKey.range[1]];
  }
  if (node.range) return [node.range[0], Math.min(node.range[1], node.range[0] + 1)];
  return [0, 0];
}

function child(document: Document.Parsed, node: Node, segment: PathSegment): Step | undefined {
  if (typeof segment === 'number') {
    if (!isSeq(node)) return undefined;
    const item = node.items[segment] as Node | undefined;
    return item ? { node: resolveAlias(document, item) } : undefined;
  }
  if (!isMap(node)) return undefined;
  for (const pair of node.items) {
    const key = pair.key;
    const keyValue = isScalar(key) ? key.value : key;
    if (String(keyValue) === segment) {
      const value = pair.value as Node | null;
      // `key:` with no value still exists; point at the key.
      if (!value) return { node: (pair.key as Node) ?? node, pair };
      return { node: resolveAlias(document, value), pair };
    }
  }
  return undefined;
}

function resolveAlias(document: Document.Parsed, node: Node): Node {
  if (isAlias(node)) {
    const target = node.resolve(document);
    return (target as Node | undefined) ?? node;
  }
  return node;
}
