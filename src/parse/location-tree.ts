// A light map from YAML structure to source offsets, built by the fast parse path (fast-parse.ts)
// instead of the `yaml` package's full node tree. `locateInTree` answers exactly what `locatePath`
// (locate-path.ts) answers on a `yaml` Document, so a finding lands on the same text either way.
import type { FieldPath } from '../types.ts';
import type { LocateOptions } from './locate-path.ts';

export type LocationNode =
  /** A scalar; `key:` with nothing after it is an empty one (start === end), as in the `yaml` package. */
  | { kind: 'scalar'; start: number; end: number }
  | { kind: 'map'; start: number; end: number; entries: LocationEntry[] }
  | { kind: 'seq'; start: number; end: number; items: LocationNode[] };

export interface LocationEntry {
  /** The key as the path names it (String of the key's value). */
  name: string;
  keyStart: number;
  keyEnd: number;
  value: LocationNode;
}

export interface TreeLocation {
  startOffset: number;
  endOffset: number;
  /** How much of the path exists (path.length when all of it does). */
  depth: number;
}

interface Step {
  node: LocationNode;
  entry?: LocationEntry;
}

export function locateInTree(root: LocationNode | undefined, documentStart: number, path: FieldPath, options: LocateOptions = {}): TreeLocation {
  if (!root) return { startOffset: documentStart, endOffset: documentStart, depth: 0 };
  const steps: Step[] = [{ node: root }];
  for (let i = 0; i < path.length; i++) {
    const next = childStep(steps[steps.length - 1]!.node, path[i]!);
    if (!next) break;
    steps.push(next);
  }
  const depth = steps.length - 1;
  const last = steps[depth]!;
  const found = depth === path.length;
  if (options.key && found && last.entry) return { startOffset: last.entry.keyStart, endOffset: last.entry.keyEnd, depth };
  const [startOffset, endOffset] = rangeForStep(last, found);
  return { startOffset, endOffset, depth };
}

function childStep(node: LocationNode, segment: string | number): Step | undefined {
  if (typeof segment === 'number') {
    if (node.kind !== 'seq') return undefined;
    const item = node.items[segment];
    return item ? { node: item } : undefined;
  }
  if (node.kind !== 'map') return undefined;
  const entry = node.entries.find((e) => e.name === segment);
  return entry ? { node: entry.value, entry } : undefined;
}

function rangeForStep(step: Step, found: boolean): [number, number] {
  const { node, entry } = step;
  if (found && node.kind === 'scalar') return [node.start, node.end];
  if (entry) return [entry.keyStart, entry.keyEnd];
  if (node.kind === 'map' && node.entries.length > 0) return [node.entries[0]!.keyStart, node.entries[0]!.keyEnd];
  return [node.start, Math.min(node.end, node.start + 1)];
}
