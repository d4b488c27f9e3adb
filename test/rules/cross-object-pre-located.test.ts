// Cross-object findings are located from what was found while each file was scanned (pre-locate.ts),
// or, for a path not found then, by parsing the file again. Both must give the same findings: same
// lines, fingerprints and exemptions, on a generated corpus and on files with exemption comments,
// ignore annotations and List items.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../../scripts/bench/generate-corpus.ts';
import { ContextPhase } from '../../src/context/context-phase.ts';
import { resolveScanTextOptions } from '../../src/engine/scan.ts';
import { scanText } from '../../src/engine/scan-text.ts';
import type { Finding } from '../../src/types.ts';
import { yaml } from '../helpers/scan-helpers.ts';

function contextFindings(files: { path: string; text: string }[], preLocate: boolean): Finding[] {
  const textOptions = resolveScanTextOptions({ fixes: false });
  const context = new ContextPhase(textOptions, { preLocate, completeNamespaces: ['*'] });
  for (const { path, text } of files) context.addReported(scanText(path, text, textOptions));
  const key = (f: Finding) => `${f.file}\u0000${f.fingerprint}\u0000${f.range.startOffset}`;
  return context.findings().sort((a, b) => key(a).localeCompare(key(b)));
}

/** Only what pre-location found: the file texts are not kept and cannot be read again. */
function preLocatedOnly(files: { path: string; text: string }[]): Finding[] {
  const textOptions = resolveScanTextOptions({ fixes: false });
  const context = new ContextPhase(textOptions, { completeNamespaces: ['*'], rereadReported: () => undefined });
  for (const { path, text } of files) context.addReportedSummaries(path, undefined, context.summariesOf(scanText(path, text, textOptions)));
  return context.findings();
}

const EXEMPTED = yaml`
  # plimsoll-ignore workload-without-pdb: batch job, no disruption budget needed
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web  # plimsoll-ignore workload-without-networkpolicy: policy lives in another repo
    namespace: shop
  spec:
    replicas: 3
    selector: {matchLabels: {app: web}}
    template:
      metadata: {labels: {app: web}}
      spec:
        serviceAccountName: missing-sa
        containers: [{name: app, image: "app:1.0"}]
  ---
  apiVersion: v1
  kind: Service
  metadata:
    name: lonely
    namespace: shop
    annotations:
      plimsoll.dev/ignore: service-selects-no-pods
      plimsoll.dev/ignore-reason: selected by an operator
  spec:
    selector: {app: nobody}
    ports: [{port: 80}]
`;

const LIST = yaml`
  apiVersion: v1
  kind: List
  items:
    - apiVersion: apps/v1
      kind: StatefulSet
      metadata: {name: db, namespace: shop}
      spec:
        replicas: 2
        serviceName: db
        selector: {matchLabels: {app: db}}
        template:
          metadata: {labels: {app: db}}
          spec: {containers: [{name: db, image: "db:1"}]}
    - apiVersion: v1
      kind: Service
      metadata: {name: db, namespace: shop}
      spec: {selector: {app: db, tier: missing}, ports: [{port: 5432}]}
    - apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: none, namespace: shop}
      spec: {podSelector: {matchLabels: {app: ghost}}}
`;

describe('pre-located cross-object findings', () => {
  it('equal the re-parsed ones on exemptions, annotations and List items', () => {
    const files = [{ path: 'exempted.yaml', text: EXEMPTED }, { path: 'list.yaml', text: LIST }];
    const reparsed = contextFindings(files, false);
    expect(reparsed.length).toBeGreaterThan(4);
    expect(reparsed.filter((f) => f.suppressed).map((f) => f.suppressed!.kind).sort()).toEqual(['annotation', 'inline-comment', 'inline-comment']);
    expect(contextFindings(files, true)).toEqual(reparsed);
    // Every one of them was located without the second parse.
    expect(preLocatedOnly(files)).toHaveLength(reparsed.length);
  });

  it('equal the re-parsed ones on a generated corpus', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plimsoll-prelocated-'));
    generateCorpus(1_500, dir, 5);
    const files = readdirSync(dir, { recursive: true })
      .map(String)
      .filter((path) => path.endsWith('.yaml'))
      .sort()
      .map((path) => ({ path, text: readFileSync(join(dir, path), 'utf8') }));
    const reparsed = contextFindings(files, false);
    expect(new Set(reparsed.map((f) => f.ruleId)).size).toBeGreaterThan(3);
    expect(contextFindings(files, true)).toEqual(reparsed);
    expect(preLocatedOnly(files)).toHaveLength(reparsed.length);
  });
});
