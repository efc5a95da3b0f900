/** Process-wide "stop taking new work" flag, raised on SIGTERM so jobs finish their current item and stop. */
let stopping = false;

export function beginShutdown(): void {
  stopping = true;
}

export function isShuttingDown(): boolean {
  return stopping;
}
