// duplicate-object: the same group/kind/namespace/name defined twice in one folder of the context
// (what `kubectl apply -f folder/` applies together); whichever is applied last silently wins. Copies
// in different folders are usually per-environment variants or Kustomize bases and patches, so they
// are not compared. Every definition after the first (by file, then position) is reported.
import type { IndexedObject } from '../../context/context-index.ts';
import type { ContextCodeRule, ContextViolation } from './code-rule.ts';
import { compareCodeUnits } from '../../util/compare-code-units.ts';

export const duplicateObject: ContextCodeRule = {
  id: 'duplicate-object',
  phase: 'context',
  check(index) {
    const groups = new Map<string, IndexedObject[]>();
    for (const object of index.objects) {
      if (object.ref.name.endsWith('*') || object.ref.name === '(unnamed)') continue; // generateName: unique by design
      const key = [folderOf(object.file), object.group, object.ref.kind, object.namespace, object.ref.name].join('\u0000');
      const list = groups.get(key);
      if (list) list.push(object);
      else groups.set(key, [object]);
    }
    const out: ContextViolation[] = [];
    for (const list of groups.values()) {
      if (list.length < 2) continue;
      list.sort((a, b) => compareCodeUnits(a.file, b.file) || a.documentIndex - b.documentIndex || compareCodeUnits(a.basePath.join('.'), b.basePath.join('.')));
      const first = list[0]!;
      for (const object of list.slice(1)) {
        if (!object.reported) continue;
        const where = first.file === object.file ? `earlier in this file (document ${first.documentIndex + 1})` : `in ${first.file} (document ${first.documentIndex + 1})`;
        out.push({
          object,
          path: ['metadata', 'name'],
          message: `${object.ref.kind} ${object.namespace ? `${object.namespace}/` : ''}${object.ref.name} is also defined ${where}; whichever is applied last overwrites the other.`,
        });
      }
    }
    return out;
  },
};

function folderOf(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash === -1 ? '' : file.slice(0, slash);
}
