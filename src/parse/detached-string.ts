// V8 keeps a substring (a name, a label, a scalar) as a view into the string it was cut from, so a
// short value kept after its file is done would keep that whole file's text alive. What outlives a
// file (caches, findings, summaries) keeps copies made here.

/** A copy of a string that shares no memory with the text it was cut from (JSON.parse builds new strings). */
export function detachedString(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}
