// Whether a real path lies inside a folder (or is the folder), by path segments: /repo-other is not
// inside /repo.
import { relative, isAbsolute, sep } from 'node:path';

export function isWithin(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}
