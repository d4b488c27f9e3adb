// The system's reason for a failed file operation, without the path Node appends (the caller names
// the file in its own words): `ENOENT: no such file or directory, open '/x'` → `ENOENT: no such file
// or directory`.
export function systemErrorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return (error as NodeJS.ErrnoException).code ? error.message.replace(/, \w+ '.*'$/, '') : error.message;
}
