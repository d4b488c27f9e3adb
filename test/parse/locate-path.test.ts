import { describe, expect, it } from 'vitest';
import { parseManifestText } from '../../src/parse/parse-manifest-text.ts';
import { locatePath } from '../../src/parse/locate-path.ts';
import { yaml } from '../helpers/scan-helpers.ts';

const text = yaml`
  spec:
    containers:
      - name: app
        securityContext:
          privileged: true
      - name: sidecar
        image: envoy
    volumes: &v []
  copy: *v
`;

function locate(path: (string | number)[]) {
  const parsed = parseManifestText(text);
  const located = locatePath(parsed.documents[0]!.yaml.document, path);
  return { ...located, text: text.slice(located.startOffset, located.endOffset), line: parsed.lineCounter.linePos(located.startOffset).line };
}

describe('locatePath', () => {
  it('points at the value of a scalar that exists', () => {
    expect(locate(['spec', 'containers', 0, 'securityContext', 'privileged'])).toMatchObject({ text: 'true', line: 5, depth: 5 });
  });

  it('points at the key of a collection that exists', () => {
    expect(locate(['spec', 'containers', 0, 'securityContext'])).toMatchObject({ text: 'securityContext', line: 4 });
  });

  it('points at the nearest existing parent key when a field is missing', () => {
    expect(locate(['spec', 'containers', 0, 'securityContext', 'runAsNonRoot'])).toMatchObject({ text: 'securityContext', depth: 4 });
  });

  it("points at a container's first key when the container lacks the field", () => {
    expect(locate(['spec', 'containers', 1, 'securityContext', 'privileged'])).toMatchObject({ text: 'name', line: 6, depth: 3 });
  });

  it('follows aliases', () => {
    expect(locate(['copy']).depth).toBe(1);
  });
});
