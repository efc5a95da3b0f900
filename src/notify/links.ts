import { config } from '../../config/index.js';

/**
 * Where notifications point: portal paths (relative, for in-app rows) and back-office paths. One place, so an area
 * that moves its pages changes one line.
 */
export const portalPaths = {
  home: () => '/account',
  security: () => '/account/security',
  preferences: () => '/account/profile#email',
  order: (id: unknown) => `/account/orders/${String(id)}`,
  invoice: (id: unknown) => `/account/billing/invoices/${String(id)}`,
  payInvoice: (id: unknown) => `/account/billing/invoices/${String(id)}/pay`,
  service: (id: unknown) => `/account/services/${String(id)}`,
  ticket: (number: unknown) => `/account/tickets/${String(number)}`,
  notifications: () => '/account/notifications',
};

/** Back-office (AdminJS) record pages: the resource id is the table name. */
export function adminRecordPath(table: string, id: unknown): string {
  return `/admin/resources/${table}/records/${String(id)}/show`;
}

/** An absolute URL on the account surface, for mail. */
export function absoluteUrl(path: string): string {
  return `${config().appUrl}${path}`;
}
