// Writes schema/plimsoll-config.schema.json from the rule files (npm run generate:schema).
import { writeFileSync } from 'node:fs';
import { configSchemaText } from '../src/config/config-schema-text.ts';

writeFileSync(new URL('../schema/plimsoll-config.schema.json', import.meta.url), configSchemaText());
console.log('wrote schema/plimsoll-config.schema.json');
