import { randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import { clock } from './clock.js';

export type ActorType = 'staff' | 'customer' | 'system' | 'api';
export type Role = 'admin' | 'support' | 'finance' | 'customer';

/** Who is doing something: the audit log and the rules read it. */
export interface Actor {
  type: ActorType;
  /** users.id of the person (staff or customer); null for the system. */
  userId: number | null;
  role?: Role;
  /** users.id of the staff member impersonating this customer, if any. */
  impersonatorId?: number | null;
  ip?: string | null;
  userAgent?: string | null;
}

/** Passed last to every operation. */
export interface Ctx {
  transaction?: Transaction;
  actor: Actor;
  now: Date;
  requestId: string;
}

export const SYSTEM: Actor = { type: 'system', userId: null };

/** A context for jobs, CLI commands and tests. */
export function systemCtx(overrides: Partial<Ctx> = {}): Ctx {
  return { actor: SYSTEM, now: clock.now(), requestId: randomUUID(), ...overrides };
}

/** The same context inside a transaction. */
export function withTx(ctx: Ctx, transaction: Transaction): Ctx {
  return { ...ctx, transaction };
}
