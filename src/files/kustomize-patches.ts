// Kustomize patches among the files a scan reads. A strategic-merge patch is a partial object (a
// Deployment with only `spec.replicas`, say): checked as a manifest it gets findings for everything
// it leaves to the base (no selector, no containers), false alarms that would block a pull request.
// The kustomization files beside and above the scanned files name their patches; those files are
// reported as patches instead (scan-text.ts), and the built output is what to scan in full.
import { existsSync } from 'node:fs';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { parse } from 'yaml';
import { readManifestFile } from './read-manifest-file.ts';
import { isWithin, linkBoundary } from './link-boundary.ts';

/** The file names kustomize reads, in its order. */
const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/**
 * The scanned files (report paths relative to `cwd`) that a kustomization names as a patch, each with
 * that kustomization's report path. Kustomizations are looked for in each file's folder and the
 * folders above it up to `cwd` (an overlay often keeps its patches in a subfolder: `path:
 * patches/replicas.yaml`).
 */
export function kustomizePatchFiles(files: readonly string[], cwd: string): Map<string, string> {
  const root = resolve(cwd);
  const linksWithin = linkBoundary(cwd);
  const seen = new Set<string>();
  const kustomizations: KustomizationText[] = [];
  // Folders first, by name: resolving each of 15k files' paths took most of the time at 50k.
  for (const named of new Set(files.map((file) => posix.dirname(file)))) {
    for (let folder = resolve(cwd, named); !seen.has(folder); folder = dirname(folder)) {
      seen.add(folder);
      const path = KUSTOMIZATION_FILES.map((name) => join(folder, name)).find((candidate) => existsSync(candidate));
      const read = path ? readManifestFile(path, { linksWithin }) : undefined;
      // One that cannot be read names no patches: it is scanned as a file of its own and reported there.
      if (path && read && 'bytes' in read) kustomizations.push({ path: relative(cwd, path).split(sep).join('/'), text: read.bytes.toString('utf8') });
      if (folder === root || !isWithin(folder, root)) break;
    }
  }
  return patchesNamedBy(kustomizations, files);
}

export interface KustomizationText {
  /** Report path (relative, forward slashes). */
  path: string;
  text: string;
}

/**
 * Which of `files` (report paths) the kustomizations name as patches, each with the naming
 * kustomization's path. Pure: the App passes the kustomizations it fetched beside and above the
 * changed files.
 */
export function patchesNamedBy(kustomizations: readonly KustomizationText[], files: readonly string[]): Map<string, string> {
  const scanned = new Set(files);
  const patches = new Map<string, string>();
  for (const kustomization of kustomizations) {
    const folder = posix.dirname(kustomization.path);
    for (const patch of patchPaths(kustomization.text)) {
      const path = posix.normalize(posix.join(folder, patch));
      if (scanned.has(path)) patches.set(path, kustomization.path);
    }
  }
  return patches;
}

/**
 * The kustomization files in the folders above `folders` (report paths, '' for the root), which may
 * name files of theirs as patches (`path: patches/x.yaml`). Not in `folders` themselves: the App
 * lists those anyway. The two spellings with an extension only, to keep the query small.
 */
export function kustomizationCandidates(folders: readonly string[]): string[] {
  const listed = new Set(folders);
  const above = new Set<string>();
  for (const start of folders) {
    for (let folder = start; folder !== ''; ) {
      folder = folder.includes('/') ? folder.slice(0, folder.lastIndexOf('/')) : '';
      if (!listed.has(folder)) above.add(folder);
    }
  }
  return [...above].flatMap((folder) => ['kustomization.yaml', 'kustomization.yml'].map((name) => (folder ? `${folder}/${name}` : name)));
}

/** Whether a report path names a kustomization file. */
export function isKustomizationPath(path: string): boolean {
  return KUSTOMIZATION_FILES.includes(posix.basename(path));
}

/**
 * The patch files a kustomization names: `patches[].path`, `patchesStrategicMerge[]` (file names;
 * inline patches there are YAML text, not names) and `patchesJson6902[].path`. One that does not
 * parse names none.
 */
function patchPaths(text: string): string[] {
  let value: unknown;
  try {
    value = parse(text, { maxAliasCount: 100, logLevel: 'silent' });
  } catch {
    return [];
  }
  if (!isRecord(value)) return [];
  const paths: unknown[] = [];
  for (const key of ['patches', 'patchesJson6902']) {
    const list = value[key];
    if (Array.isArray(list)) for (const entry of list) if (isRecord(entry)) paths.push(entry.path);
  }
  const strategic = value.patchesStrategicMerge;
  if (Array.isArray(strategic)) paths.push(...strategic);
  return paths.filter((path): path is string => typeof path === 'string' && path !== '' && !path.includes('\n'));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
