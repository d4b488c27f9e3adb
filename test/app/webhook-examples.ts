// Real webhook payloads from @octokit/webhooks-examples, adjusted to the fake repository's facts.
import { createRequire } from 'node:module';

interface Definition {
  name: string;
  examples: Record<string, any>[];
}

const definitions = createRequire(import.meta.url)('@octokit/webhooks-examples') as Definition[];

/** A deep copy of the first example of an event and action that has an installation. */
export function example(event: string, action: string): Record<string, any> {
  const found = definitions.find((d) => d.name === event)?.examples.filter((e) => e.action === action) ?? [];
  const chosen = found.find((e) => e.installation) ?? found[0];
  if (!chosen) throw new Error(`No example for ${event}.${action}`);
  return structuredClone(chosen);
}

export const INSTALLATION_ID = 4242;
