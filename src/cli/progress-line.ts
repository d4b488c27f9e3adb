// A one-line progress indicator on stderr for long scans, shown only when stderr is a terminal (the
// CLI checks). It redraws at most ten times a second and erases itself when the scan ends.
const REDRAW_EVERY_MS = 100;
/** Scans shorter than this never show a line (no flicker on small folders). */
const SHOW_AFTER_MS = 500;

export class ProgressLine {
  readonly #write: (text: string) => void;
  readonly #started = Date.now();
  #lastDraw = 0;
  #shown = false;

  constructor(write: (text: string) => void) {
    this.#write = write;
  }

  update(done: number, total: number): void {
    const now = Date.now();
    if (now - this.#started < SHOW_AFTER_MS || now - this.#lastDraw < REDRAW_EVERY_MS) return;
    this.#lastDraw = now;
    this.#shown = true;
    const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
    this.#write(`\r\u001b[2Kplimsoll: scanned ${done}/${total} files (${percent}%)`);
  }

  clear(): void {
    if (this.#shown) this.#write('\r\u001b[2K');
    this.#shown = false;
  }
}
