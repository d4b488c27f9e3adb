// The one string order of reports, file lists and rule lists: by UTF-16 code units, as Array#sort
// without a comparator. Unlike localeCompare it is the same on every machine whatever its locale (a
// scan on a laptop lists findings as CI does), agrees with the sorted file list a scan reads, and
// does not load ICU's collation data, which took ~5 ms of every CLI start.
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
