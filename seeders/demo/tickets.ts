import type { Customer } from '../../src/models/index.js';

/** Support tickets for the demo customers (filled in once the ticket operations land). */
export async function seedDemoTickets(_customers: Customer[], _rand: () => number, _start: Date, _end: Date): Promise<number> {
  return 0;
}
