// Reads the changed manifests' texts with as few API calls as possible: one GraphQL query per 100
// files (aliased `object(expression: "sha:path")` fields, one round trip), REST blob reads only for
// the rare blob GraphQL truncates. (The file list itself comes from the shared PullRequestApi: the
// REST files endpoint is the only one with patches, which comment anchors need.)
import type { GitHubClient, RepoRef } from './github-client.ts';

const BLOBS_PER_QUERY = 100;

export interface FetchedFile {
  path: string;
  bytes: Uint8Array;
}

const MANIFEST = /\.(ya?ml|json)$/i;

export function isManifestPath(path: string): boolean {
  return MANIFEST.test(path);
}

interface BlobNode {
  oid?: string;
  byteSize?: number;
  isBinary?: boolean | null;
  isTruncated?: boolean;
  text?: string | null;
}

/** Builds one aliased query: `f0: object(expression: $e0) { ... on Blob { ... } }` per file. */
export function blobQuery(count: number): string {
  const vars = Array.from({ length: count }, (_, i) => `$e${i}: String!`).join(', ');
  const fields = Array.from(
    { length: count },
    (_, i) => `    f${i}: object(expression: $e${i}) { ... on Blob { oid byteSize isBinary isTruncated text } }`,
  ).join('\n');
  return `query PlimsollBlobs($owner: String!, $name: String!, ${vars}) {\n  repository(owner: $owner, name: $name) {\n${fields}\n  }\n}`;
}

export interface BlobRequest {
  commit: string;
  path: string;
}

export interface BlobResult extends BlobRequest {
  /** Absent when the file does not exist at that commit (deleted, or a submodule). */
  bytes?: Uint8Array;
}

/**
 * Reads files at commits, any mix of head and base, BLOBS_PER_QUERY per GraphQL query. The head commit
 * of a fork PR is reachable from the base repository, so one query serves every PR.
 */
export async function fetchBlobs(github: GitHubClient, repo: RepoRef, requests: readonly BlobRequest[]): Promise<BlobResult[]> {
  const results: BlobResult[] = [];
  for (let start = 0; start < requests.length; start += BLOBS_PER_QUERY) {
    const chunk = requests.slice(start, start + BLOBS_PER_QUERY);
    const variables: Record<string, string> = { owner: repo.owner, name: repo.repo };
    chunk.forEach((request, i) => {
      variables[`e${i}`] = `${request.commit}:${request.path}`;
    });
    const data = (await github.graphql(blobQuery(chunk.length), variables)) as { repository: Record<string, BlobNode | null> | null };
    for (const [i, request] of chunk.entries()) {
      const node = data.repository?.[`f${i}`];
      if (!node || node.oid === undefined) {
        results.push({ ...request });
      } else if (node.isTruncated || (node.text == null && !node.isBinary)) {
        results.push({ ...request, bytes: await fetchBlobBytes(github, repo, node.oid) });
      } else if (node.text == null) {
        // Binary: hand the scanner a NUL so it reports the file as unreadable instead of skipping it.
        results.push({ ...request, bytes: new Uint8Array([0]) });
      } else {
        results.push({ ...request, bytes: new TextEncoder().encode(node.text) });
      }
    }
  }
  return results;
}

async function fetchBlobBytes(github: GitHubClient, repo: RepoRef, oid: string): Promise<Uint8Array> {
  const response = await github.request('GET /repos/{owner}/{repo}/git/blobs/{file_sha}', { ...repo, file_sha: oid });
  return Buffer.from(response.data.content, response.data.encoding === 'base64' ? 'base64' : 'utf8');
}
