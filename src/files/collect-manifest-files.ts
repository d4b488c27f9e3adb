// Finds the files a scan reads: named files always, and .yaml/.yml/.json files below named folders.
// Links are followed within the working folder: a linked file is listed (the reader checks where it
// leads, read-manifest-file.ts), a linked folder is walked once (a link back up is not a loop). A link
// that leads outside is listed too, so that the scan reports it instead of skipping it silently.
import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { isWithin, linkBoundary, reallyWithin } from './link-boundary.ts';
import { STANDARD_INPUT } from './read-manifest-file.ts';

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

/** A named path that reaches outside the working folder through a linked folder. */
export class PathOutsideError extends Error {
  readonly path: string;
  constructor(path: string) {
    super(`${path} leads outside the working folder through a link; links are followed only within it (name the real path to scan it).`);
    this.name = 'PathOutsideError';
    this.path = path;
  }
}

interface Walk {
  cwd: string;
  found: Set<string>;
  /** Real path of the working folder, computed at the first link. */
  boundary?: string;
  /** Real paths of the folders walked through links. */
  linkedFolders: Set<string>;
}

/** Returns paths relative to `cwd` with forward slashes (what reports and GitHub expect), sorted. */
export function collectManifestFiles(paths: readonly string[], cwd: string = process.cwd()): string[] {
  const walkState: Walk = { cwd, found: new Set<string>(), linkedFolders: new Set<string>() };
  for (const path of paths) {
    if (path === '-') {
      // Standard input, as in `helm template chart/ | plimsoll scan -` (read from descriptor 0 by its
      // name in read-manifest-file.ts, on systems without /dev/stdin too).
      walkState.found.add('/dev/stdin');
      continue;
    }
    const absolute = resolve(cwd, path);
    let stats;
    try {
      stats = statSync(absolute);
    } catch {
      throw new PathNotFoundError(path);
    }
    // A path inside the working folder that leads out of it through a link (`k8s` replaced by a link
    // to /etc in a pull request): a link itself is listed, not walked, and the reader reports it; a
    // path through a linked folder is an error, as the reader checks only the last step. A path
    // named outside the working folder is the user's choice.
    if (leadsOutside(absolute, walkState)) {
      if (!lstatSync(absolute).isSymbolicLink()) throw new PathOutsideError(path);
      walkState.found.add(toReportPath(absolute, cwd));
    } else if (stats.isDirectory()) walk(absolute, walkState);
    // Standard input keeps its own name (`helm template | plimsoll scan /dev/stdin`), not ../../dev/stdin.
    else walkState.found.add(STANDARD_INPUT.has(absolute) ? absolute : toReportPath(absolute, cwd));
  }
  return [...walkState.found].sort();
}

function walk(directory: string, state: Walk): void {
  // Any order: collectManifestFiles sorts what it found.
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const full = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(full, state);
    } else if (entry.isFile()) {
      if (MANIFEST_EXTENSIONS.test(entry.name)) state.found.add(toReportPath(full, state.cwd));
    } else if (entry.isSymbolicLink()) {
      followLink(full, entry.name, state);
    }
  }
}

function followLink(full: string, name: string, state: Walk): void {
  let stats;
  try {
    stats = statSync(full);
  } catch {
    // A broken link with a manifest's name: listed, so that the scan says it cannot be read.
    if (MANIFEST_EXTENSIONS.test(name)) state.found.add(toReportPath(full, state.cwd));
    return;
  }
  if (!stats.isDirectory()) {
    if (MANIFEST_EXTENSIONS.test(name)) state.found.add(toReportPath(full, state.cwd));
    return;
  }
  if (SKIPPED_DIRECTORIES.has(name)) return;
  state.boundary ??= linkBoundary(state.cwd);
  const real = realpathSync(full);
  // Outside: listed, and the reader reports it (LINK_OUTSIDE_PROBLEM).
  if (!isWithin(real, state.boundary)) state.found.add(toReportPath(full, state.cwd));
  else if (!state.linkedFolders.has(real) && !isWithin(realpathSync(join(full, '..')), real)) {
    state.linkedFolders.add(real);
    walk(full, state);
  }
}

/** Whether a path that lies inside the working folder by its name really lies outside it. */
function leadsOutside(absolute: string, state: Walk): boolean {
  if (!isWithin(absolute, resolve(state.cwd))) return false;
  state.boundary ??= linkBoundary(state.cwd);
  return !reallyWithin(absolute, state.boundary);
}

function toReportPath(absolute: string, cwd: string): string {
  const rel = relative(cwd, absolute);
  return (rel === '' ? absolute : rel).split(sep).join('/');
}
