// ajv's standalone code for a JSON schema, as an ES module with no runtime dependency on ajv: the
// generated validators in schema/ (rule files, config files) use it, so that a start neither loads ajv
// nor compiles a schema.
import { Ajv, type Options } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';

/**
 * ajv's runtime helpers the code uses, as ajv writes them (`require` calls, which an ES module cannot
 * make, and whose default-export interop differs between Node, esbuild and vitest), with what replaces
 * them. ucs2length counts a string's code points, which is what the string iterator yields.
 */
const RUNTIME_HELPERS: Record<string, string> = {
  'require("ajv/dist/runtime/ucs2length").default': '((text) => [...text].length)',
};

export interface StandaloneOptions {
  /** ajv options (code options are set here). */
  ajv: Omit<Options, 'code'>;
  /** First line of the file: what generated it. */
  header: string;
  /**
   * Export `<name>()`, which builds the validator on its first call, instead of `validate`: the
   * module's constants (a verbose validator's schemas) are then not built by every start that loads
   * the module without validating anything.
   */
  factory?: string;
}

export function standaloneValidator(schema: object, options: StandaloneOptions): string {
  const ajv = new Ajv({ ...options.ajv, code: { source: true, esm: true } });
  let code = standalone.default(ajv, ajv.compile(schema));
  for (const [helper, replacement] of Object.entries(RUNTIME_HELPERS)) code = code.replaceAll(helper, replacement);
  if (/\brequire\(/.test(code)) throw new Error('the validator needs an ajv runtime helper not listed in RUNTIME_HELPERS');
  if (options.factory) {
    const exports = /^"use strict";export const validate = (\w+);export default \w+;/.exec(code);
    if (!exports) throw new Error('ajv standalone code no longer starts the way the factory wrapper expects');
    const body = code.slice(exports[0].length);
    code = `"use strict";let built;export function ${options.factory}() {return (built ??= (() => {${body}\nreturn ${exports[1]};})());}`;
  }
  return [`// ${options.header} Do not edit.`, code, ''].join('\n');
}
