// The exact text of schema/plimsoll-config.schema.json for the built-in rules (script and test share it).
import { loadBuiltinRules } from '../rules/load-rules.ts';
import { ruleCatalog } from '../rules/rule-catalog.ts';
import { buildConfigSchema } from './build-config-schema.ts';

export function configSchemaText(): string {
  return `${JSON.stringify(buildConfigSchema(ruleCatalog(loadBuiltinRules())), null, 2)}\n`;
}
