// Copies of what a scan keeps after a file is done (findings, context summaries): detached from the
// file's text and sharing repeated strings. V8 keeps a substring (a name, a label) as a view into the
// string it was cut from, so without a copy every finding would keep its whole file alive; and a plain
// copy repeats the same file path, kind, namespace and field path in every finding. At 50,000 resources
// the kept results are the scan's live heap, and V8 sizes the heap as a multiple of it.
import { detachedString } from '../parse/detached-string.ts';
import type { Finding, ObjectRef } from '../types.ts';

/** Strings longer than this are copied, not pooled: they are messages and rarely repeat. */
const MAX_POOLED_LENGTH = 128;

/** One copy of each distinct short string seen; lives as long as the scan's results. */
export class StringPool {
  readonly #strings = new Map<string, string>();
  readonly #refs = new Map<string, ObjectRef>();

  intern(text: string): string {
    if (text.length > MAX_POOLED_LENGTH) return detachedString(text);
    let pooled = this.#strings.get(text);
    if (pooled === undefined) {
      pooled = detachedString(text);
      this.#strings.set(pooled, pooled);
    }
    return pooled;
  }

  /** Findings of one object share one reference object (they are never mutated in place). */
  ref(ref: ObjectRef): ObjectRef {
    const key = `${ref.apiVersion}\u0000${ref.kind}\u0000${ref.namespace ?? '\u0001'}\u0000${ref.name}`;
    let pooled = this.#refs.get(key);
    if (pooled === undefined) {
      pooled = { apiVersion: this.intern(ref.apiVersion), kind: this.intern(ref.kind), name: this.intern(ref.name) };
      if (ref.namespace !== undefined) pooled.namespace = this.intern(ref.namespace);
      this.#refs.set(detachedString(key), pooled);
    }
    return pooled;
  }

  /** A deep copy of plain JSON data (objects, arrays, strings, numbers, booleans, null) with pooled strings. */
  copy<T>(value: T): T {
    return this.#copy(value) as T;
  }

  #copy(value: unknown): unknown {
    if (typeof value === 'string') return this.intern(value);
    if (Array.isArray(value)) return value.map((item) => this.#copy(item));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const key in value) {
        const item = (value as Record<string, unknown>)[key];
        // As JSON does: an undefined property is not copied. (Keys are V8-internalized strings already.)
        if (item !== undefined) out[key] = this.#copy(item);
      }
      return out;
    }
    return value;
  }

  /** A finding as it is kept until the report: the same data (same key order), sharing strings. */
  finding(finding: Finding): Finding {
    const out: Record<string, unknown> = {};
    for (const key in finding) {
      const value = (finding as unknown as Record<string, unknown>)[key];
      if (value === undefined) continue;
      switch (key) {
        // Rule metadata comes from the rule definitions and fingerprints are fresh hashes: no file text.
        case 'ruleId': case 'severity': case 'category': case 'title': case 'fingerprint':
          out[key] = value;
          break;
        // Unique to the finding: copied, not pooled.
        case 'message':
          out[key] = detachedString(value as string);
          break;
        case 'object':
          out[key] = this.ref(value as ObjectRef);
          break;
        default:
          out[key] = this.#copy(value);
      }
    }
    return out as unknown as Finding;
  }
}
