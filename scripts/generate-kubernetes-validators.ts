// Writes schema/kubernetes/<version>.validators.js, the precompiled validators of every kind
// (src/schema/kubernetes-validator-code.ts says why). Run after generate-kubernetes-schemas.ts:
//   node scripts/generate-kubernetes-validators.ts
import { writeFileSync } from 'node:fs';
import kubernetesSchema from '../schema/kubernetes/1.30.json' with { type: 'json' };
import { kubernetesValidatorCode } from '../src/schema/kubernetes-validator-code.ts';

export const VALIDATORS_FILE = new URL(`../schema/kubernetes/${kubernetesSchema.kubernetesVersion}.validators.js`, import.meta.url);

export function generateKubernetesValidators(): string {
  return kubernetesValidatorCode(kubernetesSchema);
}

if (import.meta.main) {
  const code = generateKubernetesValidators();
  writeFileSync(VALIDATORS_FILE, code);
  console.log(`wrote ${VALIDATORS_FILE.pathname} (${code.length} bytes)`);
}
