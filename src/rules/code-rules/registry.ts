// Code rules by id. A rule file with `implementation: typescript` is bound to the entry of its id;
// an id without an entry is a load error (compile-rule.ts), and every entry has a rule file (tested).
import type { CodeRule } from './code-rule.ts';
import { schemaUnknownField } from './schema-unknown-field.ts';
import { schemaWrongType } from './schema-wrong-type.ts';
import { schemaMissingField } from './schema-missing-field.ts';
import { serviceSelectsNoPods } from './service-selects-no-pods.ts';
import { ingressBackendServiceMissing } from './ingress-backend-service-missing.ts';
import { hpaTargetMissing } from './hpa-target-missing.ts';
import { networkPolicySelectsNothing } from './networkpolicy-selects-nothing.ts';
import { workloadWithoutPdb } from './workload-without-pdb.ts';
import { workloadWithoutNetworkPolicy } from './workload-without-networkpolicy.ts';
import { roleBindingRoleMissing } from './rolebinding-role-missing.ts';
import { serviceAccountMissing } from './service-account-missing.ts';
import { pdbMinAvailableExceedsHpaMin } from './pdb-min-available-exceeds-hpa-min.ts';
import { duplicateObject } from './duplicate-object.ts';
import { hpaTargetReplicasWritten } from './hpa-target-replicas-written.ts';

const CODE_RULES: readonly CodeRule[] = [
  schemaUnknownField,
  schemaWrongType,
  schemaMissingField,
  serviceSelectsNoPods,
  ingressBackendServiceMissing,
  hpaTargetMissing,
  networkPolicySelectsNothing,
  workloadWithoutPdb,
  workloadWithoutNetworkPolicy,
  roleBindingRoleMissing,
  serviceAccountMissing,
  pdbMinAvailableExceedsHpaMin,
  duplicateObject,
  hpaTargetReplicasWritten,
];

export const CODE_RULE_REGISTRY: ReadonlyMap<string, CodeRule> = new Map(CODE_RULES.map((rule) => [rule.id, rule]));

export function codeRuleFor(id: string): CodeRule | undefined {
  return CODE_RULE_REGISTRY.get(id);
}
