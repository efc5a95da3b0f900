import { formatMoney, isCurrency } from '../billing/money.js';
import { TEMPLATE_SAMPLES } from './template-samples.js';

/** One variable a template may use, as the back-office editor lists it. */
export interface TemplateVariable {
  name: string;
  description: string;
}

/** What a template shows when its file under views/emails/ does not exist yet (a plain notice in the shared layout). */
export interface TemplateNotice {
  headline: string;
  paragraphs: string[];
  action?: { label: string; url: string } | null;
}

export interface EmailTemplateEntry {
  /** File name under views/emails/ and `email_templates.key` of a staff override. */
  key: string;
  description: string;
  /** Default subject (Handlebars) when neither the caller nor an override gives one. */
  subject: string;
  /** Essential mail (security, money owed, service state, tickets) is sent even if staff disable the template. */
  essential: boolean;
  variables: TemplateVariable[];
  /** Fallback body while the template file is not written. */
  notice?: (data: Record<string, unknown>) => TemplateNotice;
}

const v = (name: string, description: string): TemplateVariable => ({ name, description });

/** Variables every template gets. */
export const COMMON_VARIABLES: TemplateVariable[] = [
  v('appName', 'Brand name (APP_NAME)'),
  v('appUrl', 'Base URL of the site (APP_URL)'),
  v('subject', 'Subject line of this mail'),
  v('name', "Recipient's first name (or full name / email)"),
  v('<x>Minor -> <x>', 'Every amount in minor units also comes formatted: amountDueMinor -> amountDue ("$24.00")'),
  v('<x>At -> <x>Date', 'Every date also comes formatted: dueAt -> dueDate ("March 8, 2025", UTC)'),
];

/** An amount of the data, formatted (`$12.34`). */
function amount(data: Record<string, unknown>, key: string): string {
  const minor = Number(data[key]);
  if (!Number.isSafeInteger(minor)) return 'the amount due';
  return isCurrency(data.currency) ? formatMoney(minor, data.currency) : String(minor);
}
const str = (value: unknown): string => String(value ?? '');

const serviceVars = [
  v('serviceName', 'Plan name of the service'),
  v('reference', 'Service reference'),
  v('hostname', 'Hostname, if any'),
  v('serviceUrl', 'Portal page of the service'),
];
const invoiceVars = [
  v('invoiceNumber', 'Invoice number'),
  v('invoiceUrl', 'Portal page of the invoice'),
  v('payUrl', 'Link that opens the payment of the invoice'),
  v('currency', 'ISO currency code'),
  v('totalMinor', 'Invoice total in minor units: {{money totalMinor currency}}'),
  v('amountDueMinor', 'Amount still due in minor units: {{money amountDueMinor currency}}'),
  v('dueAt', 'Due date: {{date dueAt}}'),
  v('amountDue', 'Amount still due, formatted'),
  v('dueDate', 'Due date, formatted'),
];
const dunningVars = [
  ...invoiceVars,
  v('reason', 'Why the charge failed'),
  v('declineCode', "The card issuer's decline code, if any"),
  v('noMethod', 'True when there is no saved card'),
  v('nextRetryDate', 'Next automatic retry, formatted (none after the last)'),
  v('suspendDate', 'When unpaid services are suspended, formatted'),
  v('terminateDate', 'When suspended services are terminated, formatted'),
  v('daysOverdue', 'Days past the due date'),
  v('retryCount', 'How many retries the dunning policy makes'),
  v('paymentMethodsUrl', 'Page where the customer manages cards'),
];
const dunningServiceVars = [
  v('services', 'The services switched off: each with name, reference, hostname and url ({{#each services}})'),
  v('serviceCount', 'How many services that is'),
];
const ticketVars = [
  v('ticketNumber', 'Ticket number (T-000123)'),
  v('ticketSubject', 'Subject of the ticket'),
  v('ticketUrl', 'Portal page of the ticket'),
  v('departmentName', 'Support department'),
  v('replyMarker', 'The line above which an emailed reply is read'),
];
const orderVars = [v('orderNumber', 'Order number'), v('orderUrl', 'Portal page of the order')];
const bandwidthVars = [
  ...serviceVars,
  v('threshold', 'Quota percentage reached (75, 90, 100 ...)'),
  v('usedGb', 'Traffic used this cycle, GB'),
  v('quotaGb', 'Included traffic per cycle, GB'),
  v('resetsAt', 'When the cycle restarts: {{date resetsAt}}'),
];

const ENTRIES: EmailTemplateEntry[] = [
  { key: 'welcome', description: 'Sent once when a customer account is created', subject: 'Welcome to {{appName}}', essential: false, variables: [v('email', 'Account email'), v('accountUrl', 'Portal home'), v('verifyLink', 'Email confirmation link, if not confirmed yet')] },
  { key: 'verify-email', description: 'Email address confirmation link', subject: 'Confirm your email address', essential: true, variables: [v('link', 'Confirmation link'), v('expiresHours', 'Hours the link stays valid')] },
  { key: 'password-reset', description: 'Password reset link', subject: 'Reset your {{appName}} password', essential: true, variables: [v('link', 'Reset link'), v('minutes', 'Minutes the link stays valid'), v('ip', 'Address the request came from')] },
  { key: 'new-device-login', description: 'Sign-in from a device not seen before', subject: 'New sign-in to your {{appName}} account', essential: true, variables: [v('device', 'Browser and system'), v('ip', 'IP address'), v('at', 'When (UTC)'), v('securityLink', 'Security page'), v('resetLink', 'Password reset page')] },
  { key: 'account-locked', description: 'Account locked after failed sign-ins', subject: 'Your {{appName}} account was locked', essential: true, variables: [v('attempts', 'Failed attempts'), v('ip', 'Last address'), v('minutes', 'Lock duration'), v('until', 'Locked until'), v('resetLink', 'Password reset page')] },
  { key: 'order-received', description: 'Order placed (confirmation)', subject: 'We received your order {{orderNumber}}', essential: true, variables: [...orderVars, v('totalMinor', 'Order total: {{money totalMinor currency}}'), v('currency', 'ISO currency code'), v('needsReview', 'True when the order waits for a manual review'), v('invoiceUrl', 'Portal page of the order invoice')] },
  { key: 'order-approved', description: 'Order approved after review', subject: 'Your order {{orderNumber}} was approved', essential: true, variables: orderVars },
  { key: 'order-rejected', description: 'Order rejected after review', subject: 'Your order {{orderNumber}} could not be accepted', essential: true, variables: [...orderVars, v('reason', 'Why, as staff wrote it'), v('invoicePaid', 'True when the invoice had been paid (refund follows)')] },
  { key: 'invoice-issued', description: 'New invoice (PDF attached)', subject: 'Invoice {{invoiceNumber}}', essential: false, variables: [...invoiceVars, v('kind', 'order, renewal, manual, proration or overage')] },
  {
    key: 'payment-received',
    description: 'Payment receipt',
    subject: 'Payment received for invoice {{invoiceNumber}}',
    essential: false,
    variables: [...invoiceVars, v('amountMinor', 'Amount received in minor units: {{money amountMinor currency}}'), v('amountPaid', 'Amount paid, formatted'), v('paidInFull', 'True when nothing is left to pay'), v('creditAdded', 'Overpayment added to account credit, formatted'), v('method', 'Payment method')],
    notice: (d) => ({ headline: 'Thank you for your payment', paragraphs: [`We received ${amount(d, 'amountMinor')} for invoice ${str(d.invoiceNumber)}.`], action: { label: 'View invoice', url: str(d.invoiceUrl) } }),
  },
  {
    key: 'payment-failed',
    description: 'A payment attempt failed (with pay link)',
    subject: 'Payment for invoice {{invoiceNumber}} failed',
    essential: true,
    variables: dunningVars,
    notice: (d) => ({
      headline: 'Your payment did not go through',
      paragraphs: [`We could not collect ${amount(d, 'amountDueMinor')} for invoice ${str(d.invoiceNumber)}${d.reason ? `: ${str(d.reason)}` : ''}.`, 'Please pay the invoice or update your payment method to keep your services running.'],
      action: { label: 'Pay now', url: str(d.payUrl) },
    }),
  },
  {
    key: 'dunning-reminder',
    description: 'Overdue invoice reminder',
    subject: 'Reminder: invoice {{invoiceNumber}} is overdue',
    essential: true,
    variables: dunningVars,
    notice: (d) => ({ headline: 'Your invoice is overdue', paragraphs: [`Invoice ${str(d.invoiceNumber)} (${amount(d, 'amountDueMinor')}) is ${str(d.daysOverdue)} days overdue.`], action: { label: 'Pay now', url: str(d.payUrl) } }),
  },
  {
    key: 'dunning-final-notice',
    description: 'Last notice before suspension',
    subject: 'Final notice: invoice {{invoiceNumber}}',
    essential: true,
    variables: dunningVars,
    notice: (d) => ({
      headline: 'Final notice before suspension',
      paragraphs: [`Invoice ${str(d.invoiceNumber)} (${amount(d, 'amountDueMinor')}) is still unpaid.`, 'Services paid by this invoice will be suspended if it stays unpaid.'],
      action: { label: 'Pay now', url: str(d.payUrl) },
    }),
  },
  { key: 'payment-action-required', description: 'The bank asks the customer to confirm a payment (3-D Secure)', subject: 'Please confirm your payment for invoice {{invoiceNumber}}', essential: true, variables: [...invoiceVars, v('actionUrl', 'Link that confirms the payment'), v('cardLabel', 'Card, e.g. "visa ending 4242"')] },
  { key: 'payment-refunded', description: 'Refund of a payment', subject: 'Refund for invoice {{invoiceNumber}}', essential: true, variables: [...invoiceVars, v('amountMinor', 'Amount refunded in minor units: {{money amountMinor currency}}'), v('amount', 'Amount refunded, formatted'), v('toCredit', 'True when refunded to account credit'), v('creditNote', 'Credit note number'), v('reason', 'Reason given')] },
  { key: 'dunning-suspended', description: 'Services suspended for an unpaid invoice (the one mail of a dunning suspension)', subject: 'Your service is suspended: invoice {{invoiceNumber}} unpaid', essential: true, variables: [...dunningVars, ...dunningServiceVars] },
  { key: 'dunning-terminated', description: 'Services terminated for an unpaid invoice (the one mail of a dunning termination)', subject: 'Your service was terminated: invoice {{invoiceNumber}} unpaid', essential: true, variables: [...dunningVars, ...dunningServiceVars] },
  { key: 'service-provisioned', description: 'Service ready, with its access details', subject: 'Your {{serviceName}} is ready', essential: true, variables: [...serviceVars, v('domain', 'Domain'), v('ipAddresses', 'List of IP addresses'), v('panelUrl', 'Control panel'), v('credentials', 'username / password, once')] },
  { key: 'service-suspended', description: 'Service suspended', subject: 'Your {{serviceName}} has been suspended', essential: true, variables: [...serviceVars, v('reason', 'Why')] },
  { key: 'service-unsuspended', description: 'Service active again', subject: 'Your {{serviceName}} is active again', essential: false, variables: serviceVars },
  { key: 'service-terminated', description: 'Service terminated', subject: 'Your {{serviceName}} has been terminated', essential: true, variables: [...serviceVars, v('reason', 'Why')] },
  { key: 'subscription-cancelled', description: 'Subscription cancelled', subject: 'Your {{serviceName}} subscription was cancelled', essential: true, variables: [v('serviceName', 'Plan name'), v('endsAt', 'When the service stops'), v('reason', 'Reason, if given'), v('serviceUrl', 'Portal page')] },
  { key: 'ticket-opened', description: 'Ticket received (to the customer)', subject: '[{{ticketNumber}}] {{ticketSubject}}', essential: true, variables: [...ticketVars, v('message', 'The opening message')] },
  { key: 'ticket-replied', description: 'Staff replied on a ticket (to the customer)', subject: 'Re: [{{ticketNumber}}] {{ticketSubject}}', essential: true, variables: [...ticketVars, v('authorName', 'Who replied'), v('message', 'The reply'), v('attachments', 'The reply\'s files ({{#each attachments}}{{name}}{{/each}})'), v('filesAttached', 'True when the files are attached to this mail (too large: only in the ticket)')] },
  { key: 'ticket-closed', description: 'Ticket closed', subject: '[{{ticketNumber}}] closed: {{ticketSubject}}', essential: true, variables: [...ticketVars, v('autoClosed', 'True when closed for lack of an answer'), v('autoCloseDays', 'Days without an answer before it closed')] },
  { key: 'ticket-staff-alert', description: 'New ticket or customer reply (to staff; replying by email answers the ticket)', subject: '[{{ticketNumber}}] {{#if opened}}New ticket{{else}}Customer reply{{/if}}: {{ticketSubject}}', essential: true, variables: [v('ticketNumber', 'Ticket number'), v('ticketSubject', 'Subject'), v('opened', 'True for a new ticket, false for a reply'), v('customerName', 'Customer'), v('customerEmail', "Customer's email"), v('departmentName', 'Department'), v('priority', 'Priority'), v('message', 'The message'), v('deskUrl', 'Back-office ticket page'), v('noteMarker', 'Word that makes an emailed answer an internal note')] },
  { key: 'ticket-unregistered-sender', description: 'Answer to an email from an address without an account (at most once a day per sender)', subject: 'We could not open a ticket from your email', essential: true, variables: [v('senderEmail', 'The address that wrote'), v('registerUrl', 'Sign-up page'), v('ticketsUrl', 'New ticket page of the portal'), v('contactUrl', 'Contact form')] },
  { key: 'bandwidth-alert', description: 'Traffic reached a quota threshold', subject: 'Your {{serviceName}} used {{threshold}}% of its traffic', essential: false, variables: bandwidthVars },
  { key: 'bandwidth-exceeded', description: 'Traffic quota used up (overage billed)', subject: 'Your {{serviceName}} used all of its included traffic', essential: false, variables: bandwidthVars },
];

/** Every email template with its documented variables (the back-office editor's list). */
export const TEMPLATE_CATALOG: ReadonlyMap<string, EmailTemplateEntry> = new Map(ENTRIES.map((e) => [e.key, e]));

/** The catalog entry of a template key, if it is documented. */
export function templateEntry(key: string): EmailTemplateEntry | undefined {
  return TEMPLATE_CATALOG.get(key);
}

/** The catalog as the editor lists it: key, description, variables (common ones first) and sample data. */
export function listEmailTemplates(): Array<EmailTemplateEntry & { sample: Record<string, unknown> }> {
  return ENTRIES.map((e) => ({ ...e, variables: [...COMMON_VARIABLES, ...e.variables], sample: sampleData(e.key) }));
}

/** Believable sample values of a template's variables, for previews. */
export function sampleData(key: string): Record<string, unknown> {
  return { name: 'Alex', ...(TEMPLATE_SAMPLES[key] ?? {}) };
}
