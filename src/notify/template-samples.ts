/** Sample values per template, for previews in the back office (never real customer data). */
const portal = 'https://account.example.com/account';
const service = { serviceName: 'VPS Medium', reference: 'SRV-10042', hostname: 'vps42.example.net', serviceUrl: `${portal}/services/42` };
const invoice = {
  invoiceNumber: 'INV-2025-000123',
  invoiceUrl: `${portal}/billing/invoices/123`,
  payUrl: `${portal}/billing/invoices/123/pay`,
  currency: 'USD',
  totalMinor: 2400,
  amountDueMinor: 2400,
  dueAt: '2025-03-08T00:00:00.000Z',
};
const dunning = {
  ...invoice,
  reason: 'Your card was declined (insufficient_funds)',
  declineCode: 'insufficient_funds',
  noMethod: false,
  nextRetryAt: '2025-03-10T00:00:00.000Z',
  suspendAt: '2025-03-13T00:00:00.000Z',
  terminateAt: '2025-04-07T00:00:00.000Z',
  retryCount: 4,
  paymentMethodsUrl: `${portal}/billing/payment-methods`,
};
const ticket = {
  ticketNumber: 'T-000321',
  ticketSubject: 'My server does not boot',
  ticketUrl: `${portal}/tickets/T-000321`,
  departmentName: 'Technical support',
  replyMarker: '## Please type your reply above this line ##',
};
const bandwidth = { ...service, usedGb: 768, quotaGb: 1024, resetsAt: '2025-04-01T00:00:00.000Z' };

export const TEMPLATE_SAMPLES: Record<string, Record<string, unknown>> = {
  welcome: { email: 'alex@example.com', accountUrl: portal, verifyLink: `${portal}/verify-email?token=sample` },
  'verify-email': { link: `${portal}/verify-email?token=sample`, expiresHours: 24 },
  'password-reset': { link: `${portal}/reset-password?token=sample`, minutes: 60, ip: '203.0.113.7' },
  'new-device-login': { device: 'Firefox on Linux', ip: '203.0.113.7', at: '2025-03-01 09:30 UTC', securityLink: `${portal}/security`, resetLink: `${portal}/forgot-password` },
  'account-locked': { attempts: 10, ip: '203.0.113.7', minutes: 15, until: '2025-03-01 09:45 UTC', resetLink: `${portal}/forgot-password` },
  'order-received': { orderNumber: 'ORD-000555', orderUrl: `${portal}/orders/555`, totalMinor: 2400, currency: 'USD', needsReview: false, invoiceUrl: invoice.invoiceUrl },
  'order-approved': { orderNumber: 'ORD-000555', orderUrl: `${portal}/orders/555` },
  'order-rejected': { orderNumber: 'ORD-000555', orderUrl: `${portal}/orders/555`, reason: 'We could not verify the billing address.', invoicePaid: true },
  'invoice-issued': { ...invoice, kind: 'renewal' },
  'payment-received': { ...invoice, amountDueMinor: 0, amountMinor: 2400, amountPaidMinor: 2400, paidInFull: true, method: 'Visa ending 4242' },
  'payment-failed': { ...dunning, daysOverdue: 0 },
  'payment-action-required': { ...invoice, actionUrl: 'https://bank.example.com/3ds/sample', cardLabel: 'visa ending 4242' },
  'payment-refunded': { ...invoice, amountMinor: 2400, toCredit: false, creditNote: 'CN-2025-000007', reason: 'Service not needed' },
  'dunning-reminder': { ...dunning, daysOverdue: 3 },
  'dunning-final-notice': { ...dunning, daysOverdue: 7, nextRetryAt: null },
  'dunning-suspended': { ...dunning, daysOverdue: 5, services: [{ ...service, name: service.serviceName, url: service.serviceUrl }], serviceCount: 1 },
  'dunning-terminated': { ...dunning, daysOverdue: 30, services: [{ ...service, name: service.serviceName, url: service.serviceUrl }], serviceCount: 1 },
  'service-provisioned': { ...service, ipAddresses: ['198.51.100.42'], panelUrl: 'https://panel.example.net', credentials: { username: 'root', password: 'sample-password' } },
  'service-suspended': { ...service, reason: 'Invoice INV-2025-000123 is overdue' },
  'service-unsuspended': service,
  'service-terminated': { ...service, reason: 'Cancelled at your request' },
  'subscription-cancelled': { serviceName: 'VPS Medium', endsAt: '2025-03-31T00:00:00.000Z', reason: 'No longer needed', serviceUrl: service.serviceUrl },
  'ticket-opened': { ...ticket, message: 'Since the reboot this morning it does not come back up.' },
  'ticket-replied': { ...ticket, authorName: 'Sam from Support', message: 'We restarted the node; please try again.', attachments: [{ name: 'console.png' }], filesAttached: true },
  'ticket-closed': ticket,
  'ticket-staff-alert': {
    ...ticket,
    opened: true,
    customerName: 'Jordan Lee',
    customerEmail: 'jordan@example.com',
    departmentName: 'Technical support',
    priority: 'high',
    message: 'Since the reboot this morning it does not come back up.',
    deskUrl: 'https://admin.example.com/admin/resources/tickets/records/321/show',
    noteMarker: '#note',
  },
  'ticket-unregistered-sender': {
    senderEmail: 'someone@example.org',
    registerUrl: `${portal}/register`,
    ticketsUrl: `${portal}/support/new`,
    contactUrl: 'https://example.com/contact',
  },
  'bandwidth-alert': { ...bandwidth, threshold: 75 },
  'bandwidth-exceeded': { ...bandwidth, threshold: 100, usedGb: 1030 },
};
