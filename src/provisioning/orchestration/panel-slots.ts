import type { DriverName } from '../driver.js';

/**
 * Creates on a panel that hands out shared inventory run this many at a time per process.
 * NOTE: concurrent SynergyCP creates read the same free-server list and collide on the same machine (a 4xx the
 * driver cannot retry past three candidates), so dedicated servers are picked one after another.
 */
const CREATE_LIMITS: Partial<Record<DriverName, number>> = { synergycp: 1 };

const running = new Map<DriverName, number>();
const waiting = new Map<DriverName, Array<() => void>>();

/** Runs a create under its panel's limit (no limit for most panels). */
export async function withCreateSlot<T>(driver: DriverName, fn: () => Promise<T>): Promise<T> {
  const limit = CREATE_LIMITS[driver];
  if (!limit) return fn();
  if ((running.get(driver) ?? 0) >= limit) {
    await new Promise<void>((resolve) => {
      const queue = waiting.get(driver) ?? [];
      queue.push(resolve);
      waiting.set(driver, queue);
    });
  } else {
    running.set(driver, (running.get(driver) ?? 0) + 1);
  }
  try {
    return await fn();
  } finally {
    const next = waiting.get(driver)?.shift();
    // The slot passes straight to the next waiter; only when nobody waits is it given back.
    if (next) next();
    else running.set(driver, (running.get(driver) ?? 1) - 1);
  }
}
