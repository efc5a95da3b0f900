/** The one source of "now". Production reads the system clock; tests and scenarios set it. */
let fixed: Date | null = null;
let offsetMs = 0;

export const clock = {
  now(): Date {
    return fixed ? new Date(fixed.getTime()) : new Date(Date.now() + offsetMs);
  },
  /** Freezes time at `at` until `reset()`. */
  set(at: Date | string): void {
    fixed = new Date(at);
  },
  /** Moves a frozen clock forward by `ms`, or shifts a running one. */
  advance(ms: number): void {
    if (fixed) fixed = new Date(fixed.getTime() + ms);
    else offsetMs += ms;
  },
  reset(): void {
    fixed = null;
    offsetMs = 0;
  },
};
