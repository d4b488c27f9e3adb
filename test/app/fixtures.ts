// Manifests for the App's tests. The clean one is the repository's own hardened example; the broken
// one differs from it only by settings Plimsoll can fix, so "Apply fixes" must turn the check green.
import { readFileSync } from 'node:fs';

export const HARDENED = readFileSync(new URL('../../examples/hardened.yaml', import.meta.url), 'utf8');

export const FIXABLE = HARDENED.replace('        runAsNonRoot: true', '        runAsNonRoot: false').replace(
  'allowPrivilegeEscalation: false',
  'allowPrivilegeEscalation: true',
);

/** A Deployment named `name` with the fixable problems of FIXABLE. */
export function fixableDeployment(name: string): string {
  return FIXABLE.replace(/name: web\n/, `name: ${name}\n`);
}
