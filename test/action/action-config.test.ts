// Paths in a config are relative to its folder (.github/). The Action's config may come from the pull request's checkout: the files it names must stay inside
// the checkout, links resolved, or a pull request could make the Action read the runner's files.
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadActionConfig } from '../../action/src/load-action-config.ts';
import type { ActionInputs } from '../../action/src/action-inputs.ts';
import { ConfigError } from '../../src/config/config-error.ts';
import { tempFolder } from '../helpers/temp-files.ts';

const inputs = (config?: string): ActionInputs => ({ paths: ['.'], comment: false, sarifFile: 'plimsoll.sarif', token: '', ...(config ? { config } : {}) });

/** root/checkout (the workspace) and root/outside, a folder of the runner beside it. */
function runner(config: string) {
  const root = realpathSync(tempFolder({ 'outside/rules/.keep': '', 'outside/base.yml': 'failOn: none\n', 'checkout/rules/.keep': '' }, 'plimsoll-action-config-'));
  const checkout = join(root, 'checkout');
  mkdirSync(join(checkout, '.github'), { recursive: true });
  writeFileSync(join(checkout, '.github/plimsoll.yml'), config);
  return { root, checkout };
}

function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe.runIf(process.platform !== 'win32')('files a checkout config names', () => {
  it('reads custom rules inside the checkout', () => {
    const { checkout } = runner('customRules: [../rules]\n');
    expect(loadActionConfig(inputs(), checkout).config.knownRules.length).toBeGreaterThan(50);
  });

  it('refuses custom rules, admission policies and extended configs outside the checkout', () => {
    expect(configError(() => loadActionConfig(inputs(), runner('customRules: [../../outside/rules]\n').checkout))).toMatch(
      /customRules: .*outside\/rules lies outside the checkout; only files inside it are read/,
    );
    expect(configError(() => loadActionConfig(inputs(), runner('admissionPolicies: [../../outside/base.yml]\n').checkout))).toMatch(
      /admissionPolicies: .*outside\/base\.yml lies outside the checkout/,
    );
    expect(configError(() => loadActionConfig(inputs(), runner('extends: [../../outside/base.yml]\n').checkout))).toMatch(/lies outside the checkout/);
  });

  it('refuses a link in the checkout that leads outside it', () => {
    const { root, checkout } = runner('customRules: [../rules, ../linked]\n');
    symlinkSync(join(root, 'outside/rules'), join(checkout, 'linked'));
    expect(configError(() => loadActionConfig(inputs(), checkout))).toMatch(/customRules: .*linked lies outside the checkout/);
    const inside = runner('customRules: [../rules]\n');
    symlinkSync(join(inside.root, 'outside/base.yml'), join(inside.checkout, 'rules/leak.yaml'));
    expect(configError(() => loadActionConfig(inputs(), inside.checkout))).toMatch(/A link to a place outside the working folder/);
  });

  it('lets a config the workflow names outside the checkout name files beside it', () => {
    const { root, checkout } = runner('');
    writeFileSync(join(root, 'outside/policy.yml'), 'extends: [base.yml]\ncustomRules: [rules]\n');
    const policy = loadActionConfig(inputs(join(root, 'outside/policy.yml')), checkout);
    expect(policy.failOn).toBe('none');
  });
});
