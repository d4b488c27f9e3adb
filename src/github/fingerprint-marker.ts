// Hidden HTML comments in Plimsoll's PR comments: they carry the finding's fingerprint, so a re-run
// recognises its own earlier comments (no duplicates) and can mark them resolved when the finding
// is gone. Invisible in GitHub's rendered Markdown.

const MARKER = /<!--\s*plimsoll:fingerprint=([\w-]{1,128})\s*-->/;
const RESOLVED = '<!-- plimsoll:resolved -->';

export function fingerprintMarker(fingerprint: string): string {
  return `<!-- plimsoll:fingerprint=${fingerprint} -->`;
}

export function resolvedMarker(): string {
  return RESOLVED;
}

export interface MarkedComment {
  fingerprint: string;
  resolved: boolean;
}

/** The marker in a comment body, or undefined for comments Plimsoll did not write. */
export function readMarker(body: string | null | undefined): MarkedComment | undefined {
  const match = MARKER.exec(body ?? '');
  if (!match) return undefined;
  return { fingerprint: match[1]!, resolved: (body ?? '').includes(RESOLVED) };
}
