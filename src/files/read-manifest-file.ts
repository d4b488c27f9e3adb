// Reads a file a scan names, without reading more than the size limit: a file over it is refused by
// its size, unread, and a stream named on the command line (`/dev/stdin` fed by `helm template`, or
// `/dev/zero`, which never ends) is read only up to one byte past it. Folder walks never reach
// devices or pipes (collect-manifest-files.ts takes regular files and links only). A link is followed
// only to a place inside the working folder: a pull request can add `app.yaml` linking to a file of
// the CI runner (a kubeconfig is YAML too), and findings quote values.
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { MAX_FILE_BYTES, tooLargeProblem } from './file-limits.ts';
import { isWithin } from './link-boundary.ts';
import { systemErrorMessage } from '../util/system-error-message.ts';

export type ManifestFileRead = { bytes: Buffer } | { problem: string };

export interface ReadManifestOptions {
  /** Bytes above which the file is not read. Default MAX_FILE_BYTES. */
  limit?: number;
  /**
   * The real path of the folder links may lead into (linkBoundary in link-boundary.ts); a link to
   * anywhere else gives a problem instead of the target's bytes. Unset: links are followed anywhere.
   * (Where the system has no O_NOFOLLOW, Windows, links are followed anywhere too.)
   */
  linksWithin?: string;
  /**
   * Refuse anything but a regular file, without waiting on it: a re-read must not block on a named
   * pipe or read standard input a second time.
   */
  regularFilesOnly?: boolean;
}

/** Chunk size for streams and for files whose size the system does not report (/proc shows 0). */
const UNKNOWN_SIZE_CHUNK = 64 * 1024;

/**
 * Names of this process's standard input. Read from descriptor 0 itself: opened again by name, it
 * fails when it is a socket (as Node gives its child processes), and a pipe or terminal reads the same.
 */
export const STANDARD_INPUT = new Set(['/dev/stdin', '/dev/fd/0', '/proc/self/fd/0']);

export const LINK_OUTSIDE_PROBLEM = 'A link to a place outside the working folder; links are followed only within it.';

/** The file's bytes, or why it is not scanned (including what the system says when it cannot be read). */
export function readManifestFile(path: string, options: ReadManifestOptions = {}): ManifestFileRead {
  const limit = options.limit ?? MAX_FILE_BYTES;
  try {
    if (STANDARD_INPUT.has(path) && !options.regularFilesOnly) return readUpTo(0, 0, limit);
    const fd = openChecked(path, options.linksWithin, options.regularFilesOnly ? constants.O_NONBLOCK : undefined);
    if (typeof fd !== 'number') return fd;
    try {
      const stats = fstatSync(fd);
      if (stats.isFile()) {
        if (stats.size > limit) return { problem: tooLargeProblem(stats.size, limit) };
        return readUpTo(fd, stats.size, limit);
      }
      if (options.regularFilesOnly) return { problem: 'Not a regular file; not read again.' };
      if (stats.isFIFO() || stats.isCharacterDevice()) return readUpTo(fd, 0, limit);
      return { problem: `Not a file but ${stats.isDirectory() ? 'a folder' : stats.isSocket() ? 'a socket' : 'a device'}; it was not scanned.` };
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return { problem: `Cannot read the file: ${systemErrorMessage(error)}.` };
  }
}

/**
 * Opens `path` for reading (with `extraFlags`, such as O_NONBLOCK). With `linksWithin`, the open
 * refuses to follow a link (O_NOFOLLOW: no extra system call for the usual plain file), and a link is
 * opened at its real path only when that lies inside the folder.
 */
function openChecked(path: string, linksWithin: string | undefined, extraFlags = 0): number | { problem: string } {
  const flags = constants.O_RDONLY | extraFlags;
  const noFollow = constants.O_NOFOLLOW;
  if (linksWithin === undefined || noFollow === undefined) return openSync(path, flags);
  try {
    return openSync(path, flags | noFollow);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOOP') throw error;
  }
  const real = realpathSync(path);
  if (!isWithin(real, linksWithin)) return { problem: LINK_OUTSIDE_PROBLEM };
  return openSync(real, flags);
}

/**
 * Reads a regular file's `expected` bytes (its size when opened; like readFileSync, no further read
 * to find the end), a stream to its end, and either only to one byte past `limit`.
 */
function readUpTo(fd: number, expected: number, limit: number): ManifestFileRead {
  let buffer = Buffer.allocUnsafe(Math.min(limit + 1, expected > 0 ? expected + 1 : UNKNOWN_SIZE_CHUNK));
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length > limit) return { problem: tooLargeProblem(undefined, limit) };
      const grown = Buffer.allocUnsafe(Math.min(limit + 1, buffer.length * 2));
      buffer.copy(grown, 0, 0, length);
      buffer = grown;
    }
    const read = readWaiting(fd, buffer, length);
    if (read === 0) return { bytes: buffer.subarray(0, length) };
    length += read;
    if (length === expected) return { bytes: buffer.subarray(0, length) };
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/** readSync, waiting out EAGAIN: a pipe or socket set non-blocking by its writer has no data yet. */
function readWaiting(fd: number, buffer: Buffer, offset: number): number {
  for (;;) {
    try {
      return readSync(fd, buffer, offset, buffer.length - offset, null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 10);
    }
  }
}

/**
 * A text file the configuration names (a config, rule or admission policy file), read as UTF-8 within
 * the same limits; throws an Error saying why it cannot be.
 */
export function readBoundedText(path: string, options: ReadManifestOptions = {}): string {
  const read = readManifestFile(path, options);
  if ('problem' in read) throw new Error(read.problem);
  return read.bytes.toString('utf8');
}
