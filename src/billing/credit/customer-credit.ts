// NOTE: A customer's account credit lives in one currency (their billing currency, or the currency
// of their first credit). customers.credit_balance_minor is a cache of the credit ledger rows
// (grant - apply - revoke), changed only under the customer's row lock in the transaction that
// writes the ledger row, and never below zero.
import { QueryTypes, type Transaction } from 'sequelize';
import { forUpdate } from '../../db/transaction.js';
import { sequelize } from '../../db/sequelize.js';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import type { CurrencyCode } from '../../models/enums.js';
import { Customer } from '../../models/customer.js';
import { LedgerEntry } from '../../models/ledger-entry.js';
import { add, money, subtract, toMinor, assertCurrency } from '../money.js';
import { sharedRead } from '../ledger/locking-read.js';

/** Loads a customer with a row lock (MySQL/MariaDB) for "read, decide, write". */
export async function lockCustomer(customerId: number, t: Transaction): Promise<Customer> {
  const customer = await Customer.findByPk(customerId, forUpdate(t));
  if (!customer) throw new NotFoundError('customer_not_found', `Customer ${customerId} not found`);
  return customer;
}

/** The currency the customer's credit is kept in, or null before they have any and no billing currency. */
export async function creditCurrencyOf(customer: Customer, t: Transaction): Promise<CurrencyCode | null> {
  if (customer.currency) return customer.currency;
  const first = await LedgerEntry.findOne({
    where: { customerId: customer.id, kind: ['credit_grant', 'credit_apply', 'credit_revoke'] },
    attributes: ['currency'],
    order: [['id', 'ASC']],
    ...sharedRead(t),
  });
  return first?.currency ?? null;
}

/** Adds `deltaMinor` (signed) to a locked customer's cached credit; refuses to go below zero. */
export async function changeCredit(customer: Customer, deltaMinor: number, currency: CurrencyCode, t: Transaction): Promise<number> {
  const next = add(money(toMinor(customer.creditBalanceMinor), currency), money(deltaMinor, currency));
  if (next.minor < 0) {
    throw new ConflictError('insufficient_credit', `Customer ${customer.id} has ${customer.creditBalanceMinor} of credit, ${-deltaMinor} needed`);
  }
  await customer.update({ creditBalanceMinor: next.minor }, { transaction: t });
  return next.minor;
}

/** The customer's credit recomputed from the ledger (grant - apply - revoke), for reconciliation. */
export async function customerCreditBalance(customerId: number, t?: Transaction): Promise<number> {
  const rows = await sequelize().query<{ kind: string; currency: string; total: unknown }>(
    "SELECT kind, currency, SUM(amount_minor) AS total FROM ledger_entries WHERE customer_id = :customerId AND kind IN ('credit_grant', 'credit_apply', 'credit_revoke') GROUP BY kind, currency",
    { replacements: { customerId }, type: QueryTypes.SELECT, transaction: t },
  );
  if (rows.length === 0) return 0;
  const currency = assertCurrency(rows[0].currency);
  return rows.reduce((acc, r) => {
    const amount = money(toMinor(r.total), assertCurrency(r.currency));
    return r.kind === 'credit_grant' ? add(acc, amount) : subtract(acc, amount);
  }, money(0, currency)).minor;
}
