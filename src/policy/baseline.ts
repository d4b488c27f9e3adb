// `newOnly`: findings the change introduces are those whose fingerprint the base version lacks.
// Fingerprints carry no line numbers, so moved code stays "old"; a renamed file is scanned on the base
// side under its new path so its findings keep their identity.
import type { Finding } from '../types.ts';
import type { ChangeSet } from './change-set.ts';

export function countFingerprints(fingerprints: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const fingerprint of fingerprints) counts.set(fingerprint, (counts.get(fingerprint) ?? 0) + 1);
  return counts;
}

export function baselineOf(baseFindings: readonly Finding[]): string[] {
  return baseFindings.filter((f) => !f.suppressed).map((f) => f.fingerprint);
}

/**
 * The base-side path to read for each head path: the previous path of a rename, else the same path.
 * Scan the base content under the head path (the map's key) so fingerprints line up.
 */
export function basePathsFor(headPaths: readonly string[], changes: ChangeSet): Map<string, string> {
  return new Map(headPaths.map((path) => [path, changes.get(path)?.previousPath ?? path]));
}
