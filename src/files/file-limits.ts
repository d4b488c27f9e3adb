// The size limit on any one file a scan reads, and how a file over it is reported.

/** Files above this size are reported, not parsed: no real manifest is this big. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

/** Why a file over the limit is not scanned; `bytes` undefined for a stream that was cut off there. */
export function tooLargeProblem(bytes: number | undefined, limit = MAX_FILE_BYTES): string {
  const limitMiB = limit / 1024 / 1024;
  return `File is ${bytes === undefined ? `over ${limitMiB}` : (bytes / 1024 / 1024).toFixed(1)} MiB; files over ${limitMiB} MiB are not scanned.`;
}
