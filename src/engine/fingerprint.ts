// A finding's identity across pushes: never line numbers, so moving code does not make findings "new".
import { createHash } from 'node:crypto';
import { apiGroupOf } from '../model/workload-kinds.ts';
import type { ObjectRef } from '../types.ts';

export interface FingerprintInput {
  ruleId: string;
  file: string;
  object?: ObjectRef;
  container?: string;
  /** Path relative to the container when there is one, so reordering containers keeps identities. */
  fieldPath: string;
}

/**
 * The API group, not the full apiVersion, identifies the object: migrating `v1beta1` to `v1` must not
 * turn every other finding on that object into a new one.
 */
export function fingerprintOf(input: FingerprintInput): string {
  const object = input.object
    ? [apiGroupOf(input.object.apiVersion), input.object.kind, input.object.namespace ?? '', input.object.name]
    : ['', '', '', ''];
  const key = [input.ruleId, input.file, ...object, input.container ?? '', input.fieldPath].join('\u0000');
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}
