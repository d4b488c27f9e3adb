// Writes to stdout or stderr that outlive their reader: `plimsoll scan | head` closes the pipe early,
// and the write that follows fails with EPIPE. A command-line tool stops writing then, quietly, and
// still ends with its verdict's exit code; Node would throw an unhandled 'error' event instead.
import type { Writable } from 'node:stream';

/** A write function for `stream` that drops what is written after its reader has gone. */
export function pipeSafeWriter(stream: Writable, onError: (error: Error) => void): (text: string) => void {
  let closed = false;
  stream.on('error', (error: Error & { code?: string }) => {
    if (error.code === 'EPIPE') closed = true;
    else onError(error);
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}

/** Reports an output that failed otherwise than by its reader going away; returns exit code 2. */
export function reportWriteError(error: Error): number {
  process.stderr.write(`plimsoll: cannot write the output: ${error.message}\n`);
  return 2;
}
