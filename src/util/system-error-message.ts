// The system's reason for a failed file operation, without the operation and path Node appends (the
// caller names the file in its own words): `ENOENT: no such file or directory, open '/x'` and
// `ENOSPC: no space left on device, write` → the part before the comma.
export function systemErrorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return (error as NodeJS.ErrnoException).code ? error.message.replace(/, \w+( '.*')?$/, '') : error.message;
}
