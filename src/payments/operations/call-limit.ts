/** Runs a section under a limit of how many run at once. */
export type CallLimit = <T>(section: () => Promise<T>) => Promise<T>;

/** No limit: each section runs when called. */
export const unlimited: CallLimit = (section) => section();

/** At most `slots` sections at once (a job run's concurrent gateway calls); the others wait in call order. */
export function createCallLimit(slots: number): CallLimit {
  const max = Math.max(1, Math.floor(slots));
  const waiting: Array<() => void> = [];
  let running = 0;
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  };
  return async <T>(section: () => Promise<T>): Promise<T> => {
    if (running < max) running += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await section();
    } finally {
      release();
    }
  };
}
