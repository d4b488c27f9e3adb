// Reads the changed manifests' texts with as few API calls as possible: one GraphQL query per 100
// files (aliased `object(expression: "sha:path")` fields, one round trip), REST blob reads only for
// the rare blob GraphQL truncates. The first query also lists the changed files' folders (Tree
// entries with their blob texts): the other manifests there are the cross-object context (a Service's
// Deployment, a RoleBinding's Role) at no extra API call. (The file list itself comes from the shared PullRequestApi: the
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

/** Folders listed for context, and context files kept, at most (a huge folder is not a context). */
export const MAX_CONTEXT_FOLDERS = 20;
export const MAX_CONTEXT_FILES = 500;

/** One aliased query: `fN: object(expression: $eN)` per file, `dN: object(expression: $dN)` per folder. */
export function blobQuery(count: number, folders = 0): string {
  const vars = [
    ...Array.from({ length: count }, (_, i) => `$e${i}: String!`),
    ...Array.from({ length: folders }, (_, i) => `$d${i}: String!`),
  ].join(', ');
  const fields = [
    ...Array.from({ length: count }, (_, i) => `    f${i}: object(expression: $e${i}) { ... on Blob { oid byteSize isBinary isTruncated text } }`),
    ...Array.from(
      { length: folders },
      (_, i) => `    d${i}: object(expression: $d${i}) { ... on Tree { entries { name type object { ... on Blob { isBinary isTruncated text } } } } }`,
    ),
  ].join('\n');
  return `query PlimsollBlobs($owner: String!, $name: String!, ${vars}) {\n  repository(owner: $owner, name: $name) {\n${fields}\n  }\n}`;
}

interface TreeNode {
  entries?: { name: string; type: string; object?: BlobNode | null }[] | null;
}

export interface ContextRequest {
  commit: string;
  /** Folders whose other manifests are context ('' is the repository root). */
  folders: readonly string[];
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
export async function fetchBlobs(
  github: GitHubClient,
  repo: RepoRef,
  requests: readonly BlobRequest[],
  context?: ContextRequest,
): Promise<{ blobs: BlobResult[]; context: FetchedFile[] }> {
  const results: BlobResult[] = [];
  const contextFiles: FetchedFile[] = [];
  const folders = (context?.folders ?? []).slice(0, MAX_CONTEXT_FOLDERS);
  const requested = new Set(requests.map((r) => r.path));
  for (let start = 0; start === 0 || start < requests.length; start += BLOBS_PER_QUERY - (start === 0 ? folders.length : 0)) {
    const withFolders = start === 0 ? folders : [];
    const chunk = requests.slice(start, start + BLOBS_PER_QUERY - withFolders.length);
    if (chunk.length === 0 && withFolders.length === 0) break;
    const variables: Record<string, string> = { owner: repo.owner, name: repo.repo };
    chunk.forEach((request, i) => {
      variables[`e${i}`] = `${request.commit}:${request.path}`;
    });
    withFolders.forEach((folder, i) => {
      variables[`d${i}`] = `${context!.commit}:${folder}`;
    });
    const data = (await github.graphql(blobQuery(chunk.length, withFolders.length), variables)) as { repository: Record<string, (BlobNode & TreeNode) | null> | null };
    for (const [i, folder] of withFolders.entries()) {
      for (const entry of data.repository?.[`d${i}`]?.entries ?? []) {
        const path = folder ? `${folder}/${entry.name}` : entry.name;
        const text = entry.object?.text;
        // Context is best effort: big, binary or non-manifest files are left out, not fetched again.
        if (entry.type !== 'blob' || !isManifestPath(path) || requested.has(path) || text == null || entry.object?.isTruncated) continue;
        if (contextFiles.length < MAX_CONTEXT_FILES) contextFiles.push({ path, bytes: new TextEncoder().encode(text) });
      }
    }
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
  return { blobs: results, context: contextFiles };
}

async function fetchBlobBytes(github: GitHubClient, repo: RepoRef, oid: string): Promise<Uint8Array> {
  const response = await github.request('GET /repos/{owner}/{repo}/git/blobs/{file_sha}', { ...repo, file_sha: oid });
  return Buffer.from(response.data.content, response.data.encoding === 'base64' ? 'base64' : 'utf8');
}
