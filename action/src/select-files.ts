// Which files the Action scans: the `paths` input (files, folders or globs) over the workspace, and,
// on a pull request, only the changed manifests among them. picomatch matches the globs, as the CLI's
// include/exclude do.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import picomatch from 'picomatch';
import { collectManifestFiles, MANIFEST_EXTENSIONS } from '../../src/files/collect-manifest-files.ts';

const GLOB_CHARS = /[*?[\]{}!]/;

/** Every manifest under `paths` in the workspace (push and other events). */
export function selectWorkspaceFiles(paths: readonly string[], workspace: string): string[] {
  const plain = paths.filter((p) => !GLOB_CHARS.test(p));
  const globs = paths.filter((p) => GLOB_CHARS.test(p));
  const files = new Set(collectManifestFiles(plain, workspace));
  if (globs.length > 0) {
    const matches = picomatch(globs, { dot: true });
    for (const file of collectManifestFiles(['.'], workspace)) if (matches(file)) files.add(file);
  }
  return [...files].sort();
}

/** True when a repository path is covered by one of `paths` (a file, a folder prefix or a glob). */
export function createPathMatcher(paths: readonly string[]): (file: string) => boolean {
  const globs = paths.filter((p) => GLOB_CHARS.test(p));
  const glob = globs.length > 0 ? picomatch(globs, { dot: true }) : () => false;
  const prefixes = paths.filter((p) => !GLOB_CHARS.test(p)).map((p) => p.replace(/^\.\/?/, '').replace(/\/+$/, ''));
  return (file) => glob(file) || prefixes.some((prefix) => prefix === '' || file === prefix || file.startsWith(`${prefix}/`));
}

export interface ChangedSelection {
  /** Changed manifests present in the workspace: what is scanned. */
  files: string[];
  /** Changed manifests under `paths` that the checkout does not have. */
  missing: string[];
}

/** The changed files worth scanning: manifests, under `paths`, not removed, present on disk. */
export function selectChangedFiles(changed: readonly { path: string; status: string }[], paths: readonly string[], workspace: string): ChangedSelection {
  const inPaths = createPathMatcher(paths);
  const files: string[] = [];
  const missing: string[] = [];
  for (const file of changed) {
    if (file.status === 'removed' || !MANIFEST_EXTENSIONS.test(file.path) || !inPaths(file.path)) continue;
    const absolute = join(workspace, file.path);
    if (existsSync(absolute) && statSync(absolute).isFile()) files.push(file.path);
    else missing.push(file.path);
  }
  return { files: files.sort(), missing };
}
