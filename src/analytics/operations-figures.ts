import { QueryTypes } from 'sequelize';
import { sequelize } from '../db/sequelize.js';
import { big, basisPoints } from './periods.js';

/** Figures staff watch besides money. */
export interface OperationsFigures {
  /** Services whose provisioning failed and provisioning tasks that failed in the window. */
  provisioningFailures: { services: number; tasks: number };
  /** Tickets not closed. */
  openTickets: number;
  /** Plans by subscriptions that count for MRR now (active, past due, suspended), most first. */
  popularPlans: Array<{ planId: number; name: string; type: string; subscriptions: number }>;
  /** Orders placed in the window and how many completed; conversion in basis points. */
  orders: { placed: number; completed: number; conversionBp: number | null };
}

const one = async (sql: string, replacements: Record<string, unknown> = {}): Promise<number> => {
  const [row] = await sequelize().query<{ n: unknown }>(sql, { replacements, type: QueryTypes.SELECT });
  return Number(big(row?.n));
};

/** Provisioning failures, open tickets, popular plans and order conversion over [since, now). */
export async function operationsFigures(since: Date, now: Date): Promise<OperationsFigures> {
  const [failedServices, failedTasks, openTickets, plans, orders] = await Promise.all([
    one("SELECT COUNT(*) AS n FROM services WHERE status = 'failed' AND deleted_at IS NULL"),
    one("SELECT COUNT(*) AS n FROM provisioning_tasks WHERE status = 'failed' AND updated_at >= :since AND updated_at < :now", { since, now }),
    one("SELECT COUNT(*) AS n FROM tickets WHERE status <> 'closed'"),
    // NOTE: one index range count per plan (plans are few) instead of grouping every counted subscription.
    sequelize().query<Record<string, unknown>>(
      'SELECT id, name, type, n FROM (SELECT p.id, p.name, p.type, (SELECT COUNT(*) FROM subscriptions s WHERE s.plan_id = p.id ' +
        "AND s.status IN ('active', 'past_due', 'suspended')) AS n FROM plans p) counted WHERE n > 0 ORDER BY n DESC, id LIMIT 10",
      { type: QueryTypes.SELECT },
    ),
    sequelize().query<Record<string, unknown>>(
      "SELECT COUNT(*) AS placed, SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END) AS completed FROM orders WHERE created_at >= :since AND created_at < :now",
      { replacements: { since, now }, type: QueryTypes.SELECT },
    ),
  ]);
  const placed = Number(big(orders[0]?.placed));
  const completed = Number(big(orders[0]?.completed));
  return {
    provisioningFailures: { services: failedServices, tasks: failedTasks },
    openTickets,
    popularPlans: plans.map((p) => ({ planId: Number(p.id), name: String(p.name), type: String(p.type), subscriptions: Number(big(p.n)) })),
    orders: { placed, completed, conversionBp: basisPoints(BigInt(completed), BigInt(placed)) },
  };
}
