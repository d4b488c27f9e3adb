// Findings about the input itself rather than about a Kubernetes object. They are not CEL rules but
// they are listed, documented and configurable like rules, so nothing goes unreported.
import type { Category, Severity } from '../types.ts';

export interface InputProblemRule {
  id: string;
  title: string;
  severity: Severity;
  category: Category;
  description: string;
}

export const INPUT_PROBLEM_RULES = {
  parseError: {
    id: 'parse-error',
    title: 'File is not valid YAML',
    severity: 'high',
    category: 'validity',
    description:
      'The file could not be read as YAML (syntax error, duplicate key, or an alias bomb). Kubernetes would reject it, and no other rule could check it.',
  },
  unreadableFile: {
    id: 'unreadable-file',
    title: 'File cannot be scanned',
    severity: 'medium',
    category: 'validity',
    description:
      'The file is binary, not UTF-8, or larger than the scan limit. It was not scanned; nothing in it was checked.',
  },
  helmTemplate: {
    id: 'helm-template',
    title: 'Helm chart template, not a manifest',
    severity: 'info',
    category: 'validity',
    description:
      "A file in a `templates/` folder holds Go template actions (`{{ .Values.x }}`): it is a Helm chart template, which becomes manifests only when the chart is rendered. Scanned as YAML it would give parse errors or findings about the template's placeholders, so it is not scanned; scan the rendered chart instead (`helm template CHART | plimsoll scan -`).",
  },
  kustomizePatch: {
    id: 'kustomize-patch',
    title: 'Kustomize patch, not a whole manifest',
    severity: 'info',
    category: 'validity',
    description:
      'A kustomization file (in this folder or one above it) names this file as a patch: a partial object that means something only merged into its base. Checked on its own it would get findings for every field it leaves to the base, so it is not checked; scan the built output instead (`kustomize build DIR | plimsoll scan -`).',
  },
  ruleError: {
    id: 'rule-error',
    title: 'A rule could not be evaluated',
    severity: 'low',
    category: 'validity',
    description:
      'A rule expression failed on this object, usually because a field has an unexpected type (a string where Kubernetes expects a boolean). The object would most likely be rejected by the API server.',
  },
} as const satisfies Record<string, InputProblemRule>;

export const INPUT_PROBLEM_RULE_LIST: readonly InputProblemRule[] = Object.values(INPUT_PROBLEM_RULES);
