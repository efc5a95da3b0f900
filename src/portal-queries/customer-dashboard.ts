import { Op } from 'sequelize';
import type { CurrencyCode } from '../models/enums.js';
import { Customer, Invoice, Plan, Service, Subscription, Ticket } from '../models/index.js';

/** What the portal dashboard shows, all scoped to one customer. */
export interface CustomerDashboard {
  readonly activeServiceCount: number;
  readonly services: Service[];
  readonly openInvoices: Invoice[];
  /** Sum of open invoices' amounts due, per currency. */
  readonly openTotals: Array<{ currency: CurrencyCode; amountMinor: number }>;
  readonly creditBalanceMinor: number;
  readonly currency: CurrencyCode;
  readonly nextInvoice: Invoice | null;
  readonly tickets: Ticket[];
}

/** Reads the dashboard's figures for `customerId` (pass the customer row when the caller has it loaded already). */
export async function customerDashboard(customerId: number, loaded?: Pick<Customer, 'id' | 'creditBalanceMinor' | 'currency'>): Promise<CustomerDashboard> {
  const [customer, services, openInvoices, tickets] = await Promise.all([
    loaded?.id === customerId ? loaded : Customer.findByPk(customerId, { rejectOnEmpty: true }),
    Service.findAll({
      where: { customerId, status: { [Op.notIn]: ['terminated'] } },
      include: [{ model: Subscription, as: 'subscription', include: [{ model: Plan, as: 'plan' }] }],
      order: [['id', 'DESC']],
      limit: 10,
    }),
    Invoice.findAll({ where: { customerId, status: 'open' }, order: [['dueAt', 'ASC'], ['id', 'ASC']], limit: 50 }),
    Ticket.findAll({ where: { customerId }, order: [['updatedAt', 'DESC']], limit: 5 }),
  ]);
  const totals = new Map<CurrencyCode, number>();
  for (const invoice of openInvoices) totals.set(invoice.currency, (totals.get(invoice.currency) ?? 0) + Number(invoice.amountDueMinor));
  return {
    activeServiceCount: services.filter((s) => s.status === 'active').length,
    services,
    openInvoices,
    openTotals: [...totals].map(([currency, amountMinor]) => ({ currency, amountMinor })),
    creditBalanceMinor: Number(customer.creditBalanceMinor ?? 0),
    currency: customer.currency ?? 'USD',
    nextInvoice: openInvoices[0] ?? null,
    tickets,
  };
}
