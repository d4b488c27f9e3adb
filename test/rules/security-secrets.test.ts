// Secrets in manifests: which literal values count as secrets, where the finding points, and the
// promise that no finding, report or error message ever carries a secret value.
import { describe, expect, it } from 'vitest';
import { builtinRule, scanYaml, yaml } from '../helpers/scan-helpers.ts';
import { loadBuiltinRules } from '../../src/rules/load-rules.ts';
import { ruleCatalog } from '../../src/rules/rule-catalog.ts';
import { formatJson } from '../../src/report/format-json.ts';
import { formatSarif } from '../../src/report/format-sarif.ts';
import { formatText } from '../../src/report/format-text.ts';

// Fake credentials in the shapes the rules look for. None is real; each is distinctive enough that
// finding it in output can only mean it leaked there.
const FAKE = {
  password: 'fake-Passw0rd-9f2c1e',
  githubToken: 'ghp_FAKEfake0123456789abcdefghijKLMNOPqrst',
  urlPassword: 'hunter2-fake-71b3',
  awsSecret: 'fakeAWS/secret+KEY0123456789abcdefghijKLMN',
  configPassword: 'cfg-fake-Secret-55aa',
  privateKeyBody: 'ZmFrZSBwcml2YXRlIGtleSBmb3IgdGVzdHM',
  secretData: 'ZmFrZS1kYi1wYXNzd29yZC0zM2Rk', // base64 of "fake-db-password-33dd"
  secretDataDecoded: 'fake-db-password-33dd',
  stringData: 'fake-string-data-token-8e8e',
  nestedValue: 'fake-nested-map-value-4242',
};

const manifest = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: api, namespace: shop}
  spec:
    template:
      spec:
        containers:
          - name: api
            image: ghcr.io/acme/api:1.0
            env:
              - name: DB_PASSWORD
                value: ${FAKE.password}
              - name: VCS
                value: ${FAKE.githubToken}
              - name: UPSTREAM
                value: "https://admin:${FAKE.urlPassword}@internal.example.com"
              - {name: AWS_SECRET_ACCESS_KEY, value: "${FAKE.awsSecret}"}
              - name: WEIRD_TOKEN
                value: {nested: ${FAKE.nestedValue}}
  ---
  apiVersion: v1
  kind: ConfigMap
  metadata: {name: api-config, namespace: shop}
  data:
    app.env: |
      LOG_LEVEL=info
      DB_PASSWORD=${FAKE.configPassword}
    tls.key: |
      -----BEGIN RSA PRIVATE KEY-----
      ${FAKE.privateKeyBody}
      -----END RSA PRIVATE KEY-----
  ---
  apiVersion: v1
  kind: Secret
  metadata: {name: db, namespace: shop}
  data:
    password: ${FAKE.secretData}
  stringData:
    token: ${FAKE.stringData}
`;

describe('secret values never leave the manifest', () => {
  const rules = loadBuiltinRules();
  const scan = scanYaml(manifest, { rules }, 'deploy/api.yaml');

  it('reports the secrets (so the assertions below are about real findings)', () => {
    const ids = scan.findings.map((f) => f.ruleId);
    expect(ids.filter((id) => id === 'secrets-in-env')).toHaveLength(4);
    expect(ids.filter((id) => id === 'secrets-in-configmap')).toHaveLength(2);
    expect(ids.filter((id) => id === 'secret-committed')).toHaveLength(1);
    // The env value that is a map cannot be judged: it becomes a rule-error finding, whose message
    // comes from the CEL error and must not quote the value either.
    expect(scan.findings.filter((f) => f.ruleId === 'rule-error' && f.fieldPath.endsWith('env[4]'))).toHaveLength(1);
  });

  it('keeps every fake secret out of every finding field', () => {
    const serialized = JSON.stringify(scan.findings);
    for (const value of Object.values(FAKE)) expect(serialized).not.toContain(value);
  });

  it('keeps every fake secret out of the JSON, SARIF and text reports', () => {
    const stats = { files: 1, objects: scan.objects.length };
    const reports = [
      formatJson(scan.findings, stats, 'test'),
      formatSarif(scan.findings, ruleCatalog(rules), 'test'),
      formatText(scan.findings, stats, { color: false }),
    ];
    for (const report of reports) {
      for (const value of Object.values(FAKE)) expect(report).not.toContain(value);
    }
  });

  it('names the variable, key or Secret keys instead', () => {
    const messages = scan.findings.map((f) => f.message).join('\n');
    expect(messages).toContain('DB_PASSWORD');
    expect(messages).toContain('app.env');
    expect(messages).toContain('tls.key');
    expect(messages).toMatch(/keys password, token/);
  });
});

describe('secrets-in-env', () => {
  const rule = builtinRule('secrets-in-env');
  const envOf = (entries: string) => yaml`
    apiVersion: v1
    kind: Pod
    metadata: {name: p}
    spec:
      containers:
        - name: app
          image: app:1.0
          env:
${entries}
  `;

  it('points at the variable name, with the container and the field path of the entry', () => {
    const text = envOf('            - name: LOG_LEVEL\n              value: info\n            - name: API_TOKEN\n              value: fake-token-abc123');
    const findings = scanYaml(text, { rules: [rule] }).findings;
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'secrets-in-env', container: 'app', fieldPath: 'spec.containers[0].env[1].name' });
    expect(findings[0]!.range.start.line).toBe(text.split('\n').findIndex((l) => l.includes('API_TOKEN')) + 1);
  });

  it('accepts valueFrom, $(VAR) references, placeholders, booleans and names that only point at a secret', () => {
    const text = envOf(
      [
        '            - {name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}',
        '            - {name: ADMIN_PASSWORD, value: "$(DB_PASSWORD)"}',
        '            - {name: SIGNING_SECRET, value: "${SIGNING_SECRET}"}',
        '            - {name: USE_TOKEN_AUTH, value: "true"}',
        '            - {name: TOKEN_TTL, value: "3600"}',
        '            - {name: CLIENT_SECRET_FILE, value: /run/secrets/client}',
        '            - {name: OAUTH_TOKEN_URL, value: "https://auth.example.com/token"}',
        '            - {name: AWS_ACCESS_KEY_ID, value: not-a-secret-id}',
        '            - {name: DSN, value: "postgres://app:$(DB_PASSWORD)@db/app"}',
      ].join('\n'),
    );
    expect(scanYaml(text, { rules: [rule] }).findings).toEqual([]);
  });

  it('finds well-known token formats under innocent names, and passwords inside URLs', () => {
    const text = envOf(
      [
        '            - {name: CONFIG, value: "xoxb-0000000000-FAKEfakeFAKE"}',
        '            - {name: AUTH_HEADER_VALUE, value: "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJmYWtlIn0.ZmFrZXNpZ25hdHVyZQ"}',
        '            - {name: BROKER, value: "amqp://user:fake-pass@rabbit:5672"}',
        '            - {name: HOME_PAGE, value: "https://example.com/welcome"}',
      ].join('\n'),
    );
    const findings = scanYaml(text, { rules: [rule] }).findings;
    expect(findings.map((f) => f.fieldPath)).toEqual([
      'spec.containers[0].env[0].name',
      'spec.containers[0].env[1].name',
      'spec.containers[0].env[2].name',
    ]);
    expect(findings[0]!.message).toContain('known credential format');
  });

  it('checks init and ephemeral containers too', () => {
    const text = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        initContainers:
          - name: init
            image: a:1
            env: [{name: GITLAB_TOKEN, value: glpat-FAKEfakeFAKEfake1234}]
        ephemeralContainers:
          - name: debug
            image: b:1
            env: [{name: ROOT_PASSWORD, value: fake}]
        containers:
          - name: app
            image: c:1
    `;
    expect(scanYaml(text, { rules: [rule] }).findings.map((f) => f.container)).toEqual(['init', 'debug']);
  });
});

describe('secrets-in-configmap', () => {
  const rule = builtinRule('secrets-in-configmap');

  it('reports each offending key on its own, with a fingerprint per key', () => {
    const text = yaml`
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: c}
      data:
        API_KEY: fake-key-value-1
        SMTP_PASSWORD: fake-key-value-2
        settings.json: '{"apiKey": "fake-key-value-3", "timeout": 30}'
        README: "Set the password in the Secret named smtp."
    `;
    const findings = scanYaml(text, { rules: [rule] }).findings;
    expect(findings.map((f) => f.fieldPath)).toEqual(['data.API_KEY', 'data.SMTP_PASSWORD', 'data["settings.json"]']);
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(3);
    expect(findings.map((f) => f.range.start.line)).toEqual([5, 6, 7]);
  });

  it('ignores placeholders and settings that only name a secret', () => {
    const text = yaml`
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: c}
      data:
        config.yaml: |
          database:
            password: \${DB_PASSWORD}
            passwordFile: /run/secrets/db
            secretName: db
          token: "{{ .Values.token }}"
        DB_PASSWORD_FILE: /run/secrets/db
    `;
    expect(scanYaml(text, { rules: [rule] }).findings).toEqual([]);
  });
});

describe('secret-committed', () => {
  const rule = builtinRule('secret-committed');

  it('points at stringData when the Secret has no data, and passes all-empty placeholders', () => {
    const text = yaml`
      apiVersion: v1
      kind: Secret
      metadata: {name: s}
      stringData:
        token: fake-abc
      ---
      apiVersion: v1
      kind: Secret
      metadata: {name: empty}
      data:
        token: ""
    `;
    const findings = scanYaml(text, { rules: [rule] }).findings;
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ fieldPath: 'stringData', object: { kind: 'Secret', name: 's' } });
    expect(findings[0]!.range.start.line).toBe(4);
    expect(findings[0]!.message).toContain('key token');
  });
});

describe('large values', () => {
  // Regression: a credential pattern that could start at any offset and run to the end of the value
  // made a 200 KB alphanumeric ConfigMap entry take minutes (quadratic backtracking). Every pattern
  // now starts at a fixed prefix or a boundary; this scan finishes well inside the test timeout.
  it('judges 200 KB values without pathological backtracking', () => {
    const big = 'a'.repeat(200_000);
    const jwtish = 'eyJ'.repeat(70_000);
    const text = yaml`
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: c}
      data:
        blob: ${big}
        other: ${jwtish}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
          - name: a
            image: a:1
            env: [{name: BLOB, value: ${big}}, {name: API_TOKEN, value: ${big}}]
    `;
    const rules = [builtinRule('secrets-in-configmap'), builtinRule('secrets-in-env')];
    const findings = scanYaml(text, { rules }).findings;
    expect(findings.map((f) => f.fieldPath)).toEqual(['spec.containers[0].env[1].name']);
  });
});
