// The base version for diff awareness on a laptop or in plain CI: `git diff <ref>` and `git show`.
// Reads only; never changes the repository.

export interface GitBase {
  /** Unified diff of the working tree against the ref. */
  diff(): string;
  /** The file at the ref, or undefined when it did not exist there. */
  read(path: string): Uint8Array | undefined;
}

export class GitError extends Error {}

export function gitBase(cwd: string, ref: string): GitBase {
  // Loaded here, not imported: child_process costs every start ~3 ms, and only --base needs it.
  const { execFileSync } = process.getBuiltinModule('node:child_process');
  const git = (args: string[]): Buffer => execFileSync('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new GitError(`--base ${ref}: not a commit in the git repository at ${cwd}`);
  }
  return {
    diff: () => git(['diff', '--no-color', '--no-ext-diff', '-M', ref, '--', '.']).toString('utf8'),
    read: (path) => {
      try {
        return git(['show', `${ref}:./${path}`]);
      } catch {
        return undefined;
      }
    },
  };
}
