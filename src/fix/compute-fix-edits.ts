// Runs a fix's operations one after another on the document's text and returns the edits that take
// the original text to the result. Later operations see the text earlier ones produced (re-read from
// just the document's slice, so a big multi-document file is never re-parsed whole).
import { parseManifestText, type ParsedDocument } from '../parse/parse-manifest-text.ts';
import { applyEdits, editBetween } from './apply-edits.ts';
import { patchStep, type ResolvedOperation } from './patch-yaml-text.ts';
import type { TextEdit } from '../types.ts';

/** Operations a fix may expand into (map merges, repeated list removals) before we give up. */
const MAX_STEPS = 64;

export type FixComputation = { edits: TextEdit[] } | { unfixable: string };

export interface ComputeFixOptions {
  /** Re-parse the fixed document and refuse a fix that leaves it invalid. */
  verify?: boolean;
}

export function computeFixEdits(
  text: string,
  parsed: ParsedDocument,
  operations: readonly ResolvedOperation[],
  options: ComputeFixOptions = {},
): FixComputation {
  // The slice starts at a line start so columns (indentation) read the same as in the whole file.
  const sliceStart = text.lastIndexOf('\n', parsed.startOffset - 1) + 1;
  let sliceEnd = parsed.endOffset;
  let current = text;
  let { document, base } = parsed.yaml;
  const applied: TextEdit[] = [];
  const queue = [...operations];
  let stale = false;
  for (let steps = 0; queue.length > 0; steps++) {
    if (steps >= MAX_STEPS) return { unfixable: 'the fix did not settle' };
    if (stale) {
      const reread = reparse(current.slice(sliceStart, sliceEnd));
      if (!reread) return { unfixable: 'an operation left the document invalid' };
      document = reread.yaml.document;
      base = sliceStart + reread.yaml.base;
      stale = false;
    }
    const operation = queue.shift()!;
    const step = patchStep(current, document, base, operation);
    if (step.kind === 'done') continue;
    if (step.kind === 'unfixable') return { unfixable: step.reason };
    if (step.kind === 'expand') {
      queue.unshift(...step.operations);
      continue;
    }
    current = applyEdits(current, [step.edit]);
    sliceEnd += step.edit.text.length - (step.edit.endOffset - step.edit.startOffset);
    applied.push(step.edit);
    stale = true;
    // Removing from a list removes every equal element, one per step.
    if (operation.op === 'remove-from-list') queue.unshift(operation);
  }
  if (applied.length === 0) return { edits: [] };
  if (options.verify && !reparse(current.slice(sliceStart, sliceEnd))) {
    return { unfixable: 'the fix would leave the document invalid' };
  }
  if (applied.length === 1) return { edits: applied };
  const combined = editBetween(text, current);
  return { edits: combined ? [combined] : [] };
}

function reparse(slice: string): ParsedDocument | undefined {
  const file = parseManifestText(slice);
  const document = file.documents[0];
  if (file.documents.length !== 1 || !document || document.problems.length > 0 || file.problems.length > 0) return undefined;
  return document;
}

