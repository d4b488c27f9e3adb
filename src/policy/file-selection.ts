// `include` / `exclude` globs from the config, applied to repository-relative paths.
import picomatch from 'picomatch';

export function createFileFilter(include: readonly string[], exclude: readonly string[]): (path: string) => boolean {
  const included = include.length ? picomatch([...include], { dot: true }) : () => true;
  const excluded = exclude.length ? picomatch([...exclude], { dot: true }) : () => false;
  return (path) => included(path) && !excluded(path);
}
