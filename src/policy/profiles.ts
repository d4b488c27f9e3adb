// Profiles select rules by their metadata, so a new rule joins the right profiles by itself:
// recommended = every rule not marked `optional`; pss-baseline / pss-restricted = rules tagged with
// that standard (restricted includes baseline, as in the Pod Security Standards); strict = all rules.
import type { CompiledRule } from '../rules/compile-rule.ts';
import type { Profile } from '../config/build-config-schema.ts';

export function isInProfile(rule: CompiledRule, profile: Profile): boolean {
  const { optional, standards = [] } = rule.definition;
  switch (profile) {
    case 'strict':
      return true;
    case 'recommended':
      return optional !== true;
    case 'pss-baseline':
      return standards.includes('pss-baseline');
    case 'pss-restricted':
      return standards.includes('pss-restricted') || standards.includes('pss-baseline');
  }
}

/** Rules any of the profiles select (the union: profiles are merged, never replaced). */
export function rulesInProfiles(rules: readonly CompiledRule[], profiles: readonly Profile[]): CompiledRule[] {
  const chosen = profiles.length ? profiles : (['recommended'] as const);
  return rules.filter((rule) => chosen.some((profile) => isInProfile(rule, profile)));
}
