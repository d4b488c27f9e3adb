// Finds the files a scan reads: named files always, and .yaml/.yml/.json files below named folders.
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

export const MANIFEST_EXTENSIONS = /\.(ya?ml|json)$/i;
/** Folders never worth walking into: VCS metadata and dependency trees. */
export const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules', '.terraform', 'vendor']);

export class PathNotFoundError extends Error {
  readonly path: string;
  constructor(path: string) {
    super(`No such file or folder: ${path}`);
    this.name = 'PathNotFoundError';
    this.path = path;
  }
}

/** Returns paths relative to `cwd` with forward slashes (what reports and GitHub expect), sorted. */
export function collectManifestFiles(paths: readonly string[], cwd: string = process.cwd()): string[] {
  const found = new Set<string>();
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    let stats;
    try {
      stats = statSync(absolute);
    } catch {
      throw new PathNotFoundError(path);
    }
    if (stats.isDirectory()) walk(absolute, cwd, found);
    else found.add(toReportPath(absolute, cwd));
  }
  return [...found].sort();
}

function walk(directory: string, cwd: string, found: Set<string>): void {
  // Any order: collectManifestFiles sorts what it found.
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const full = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(full, cwd, found);
    } else if (entry.isFile() && MANIFEST_EXTENSIONS.test(entry.name)) {
      found.add(toReportPath(full, cwd));
    }
  }
}

function toReportPath(absolute: string, cwd: string): string {
  const rel = relative(cwd, absolute);
  return (rel === '' ? absolute : rel).split(sep).join('/');
}
