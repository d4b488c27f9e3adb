// Where links may lead: inside the working folder, compared by real paths (links resolved) and path
// segments (/repo-other is not inside /repo).
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** The real path of the working folder, the boundary `isWithin` compares with. */
export function linkBoundary(cwd: string): string {
  try {
    return realpathSync(cwd);
  } catch {
    return resolve(cwd);
  }
}

export function isWithin(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

/** Whether a path, links resolved, lies inside `boundary` (a real path, from linkBoundary). */
export function reallyWithin(path: string, boundary: string): boolean {
  try {
    return isWithin(realpathSync(path), boundary);
  } catch {
    // Missing: the reader that follows says so.
    return isWithin(resolve(path), boundary);
  }
}
