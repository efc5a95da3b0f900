import { absoluteUrl, portalPaths } from '../../notify/links.js';

/** Portal paths payments link to (mails, gateway return pages); the invoice page is the notify module's. */
export const paymentPaths = {
  invoice: (invoiceId: number | string): string => portalPaths.invoice(invoiceId),
  /** Where PayPal sends the buyer back (`?token=<orderId>`): the portal calls `completePaypalReturn`. */
  paypalReturn: (invoiceId: number | string): string => `${portalPaths.invoice(invoiceId)}/paypal/return`,
  paymentMethods: (): string => '/account/billing/payment-methods',
};

/** An absolute URL on the app for a portal path. */
export function appLink(path: string): string {
  return absoluteUrl(path);
}

/** The invoice page: the pay link in mails (its pay buttons), where the customer lands after paying or authenticating. */
export function invoicePageUrl(invoiceId: number | string): string {
  return appLink(paymentPaths.invoice(invoiceId));
}
