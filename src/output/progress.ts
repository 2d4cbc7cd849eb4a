import type { Io } from '../io.js';

/** Back to the line's start and erase it: the line is redrawn in place. */
const CLEAR_LINE = '\r\x1b[2K';
const REDRAW_MS = 200;

export interface ProgressLine {
  /** Redraws the line, at most every 200 ms; `text` is only called when it is drawn. */
  update(text: () => string): void;
  /** Erases the line, if one was drawn, before other output. */
  clear(): void;
}

/** A live status line on a terminal's stderr; silent when stderr is not a terminal, or in CI. */
export function progressLine(io: Io): ProgressLine {
  if (!io.stderr.isTTY || io.env.CI) return { update: () => undefined, clear: () => undefined };
  let last = 0;
  let shown = false;
  return {
    update(text) {
      const now = Date.now();
      if (now - last < REDRAW_MS) return;
      last = now;
      shown = true;
      io.stderr.write(`${CLEAR_LINE}${text()}`);
    },
    clear() {
      if (shown) io.stderr.write(CLEAR_LINE);
    },
  };
}
