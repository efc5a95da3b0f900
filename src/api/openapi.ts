import { config } from '../../config/index.js';

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const list = (item: string): Schema => ({
  type: 'object',
  properties: { data: { type: 'array', items: ref(item) }, meta: ref('Paging') },
});
const one = (item: string): Schema => ({ type: 'object', properties: { data: ref(item) } });
const json = (schema: Schema) => ({ 'application/json': { schema } });
const ok = (description: string, schema: Schema) => ({ description, content: json(schema) });
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'integer' } };
const paging = [
  { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
  { name: 'per_page', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 25 } },
];
const idempotencyKey = { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 191 }, description: 'Retries with the same key return the first response.' };
const errors = {
  '401': ok('Missing, invalid, revoked or expired token', ref('Problem')),
  '403': ok('The token lacks the ability, or the role forbids it', ref('Problem')),
  '404': ok('Not found (or not yours)', ref('Problem')),
  '422': ok('Invalid input; nothing changed', ref('Problem')),
  '429': ok('Rate limited', ref('Problem')),
};

const amount: Schema = {
  type: 'object',
  description: 'Money: integer minor units, the same amount as a decimal string, and the currency.',
  properties: { minor: { type: 'integer' }, decimal: { type: 'string', example: '12.50' }, currency: { type: 'string', example: 'EUR' } },
};

/** The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json. */
export function openApiDocument(): Schema {
  return {
    openapi: '3.1.0',
    info: { title: `${config().appName} API`, version: '1.0.0', description: 'Personal API tokens are created in the portal (Security > API tokens).' },
    servers: [{ url: `${config().appUrl.replace(/\/$/, '')}/api/v1` }],
    security: [{ bearer: [] }],
    paths: {
      '/me': { get: { summary: 'The token, its user and customer', responses: { '200': ok('Who you are', { type: 'object' }), ...errors } } },
      '/services': { get: { summary: 'Your services (ability: read)', responses: { '200': ok('Services', list('Service')), ...errors } } },
      '/services/{id}': { get: { summary: 'One service', parameters: [idParam], responses: { '200': ok('Service', one('Service')), ...errors } } },
      '/services/{id}/power': {
        post: {
          summary: 'Boot, shut down or restart an active service (ability: write)',
          parameters: [idParam, idempotencyKey],
          requestBody: { required: true, content: json({ type: 'object', required: ['action'], properties: { action: { enum: ['boot', 'shutdown', 'restart'] } } }) },
          responses: { '202': ok('Sent to the panel', { type: 'object' }), '409': ok('The service is not active', ref('Problem')), ...errors },
        },
      },
      '/invoices': {
        get: {
          summary: 'Your invoices, newest first',
          parameters: [...paging, { name: 'status', in: 'query', schema: { enum: ['open', 'paid', 'void', 'uncollectible'] } }],
          responses: { '200': ok('Invoices', list('Invoice')), ...errors },
        },
      },
      '/invoices/{id}': { get: { summary: 'One invoice with lines and balance due', parameters: [idParam], responses: { '200': ok('Invoice', one('Invoice')), ...errors } } },
      '/invoices/{id}/pdf': {
        get: { summary: 'The invoice PDF', parameters: [idParam], responses: { '200': { description: 'PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } }, ...errors } },
      },
      '/subscriptions': { get: { summary: 'Your subscriptions', responses: { '200': ok('Subscriptions', list('Subscription')), ...errors } } },
      '/subscriptions/{id}/cancel': {
        post: {
          summary: 'Cancel now or at the end of the period (ability: write)',
          parameters: [idParam, idempotencyKey],
          requestBody: {
            required: true,
            content: json({
              type: 'object',
              required: ['reason'],
              properties: { mode: { enum: ['immediately', 'period_end'], default: 'period_end' }, reason: { type: 'string', maxLength: 255 }, feedback: { type: 'string' } },
            }),
          },
          responses: { '200': ok('The subscription after the change', one('Subscription')), '409': ok('Not cancellable in its state', ref('Problem')), ...errors },
        },
      },
      '/tickets': {
        get: { summary: 'Your tickets', parameters: [...paging, { name: 'status', in: 'query', schema: { enum: ['open', 'awaiting_customer', 'awaiting_staff', 'closed'] } }], responses: { '200': ok('Tickets', list('Ticket')), ...errors } },
        post: {
          summary: 'Open a ticket (ability: write)',
          parameters: [idempotencyKey],
          requestBody: {
            required: true,
            content: json({
              type: 'object',
              required: ['department_id', 'subject', 'message'],
              properties: {
                department_id: { type: 'integer' },
                subject: { type: 'string', maxLength: 191 },
                message: { type: 'string' },
                priority: { enum: ['low', 'normal', 'high', 'urgent'] },
                service_id: { type: ['integer', 'null'] },
              },
            }),
          },
          responses: { '201': ok('The new ticket', one('Ticket')), ...errors },
        },
      },
      '/tickets/{id}': { get: { summary: 'One ticket (id or number)', parameters: [{ ...idParam, schema: { type: 'string' } }], responses: { '200': ok('Ticket', one('Ticket')), ...errors } } },
      '/bandwidth': {
        get: {
          summary: 'Daily traffic of your services (default: the last 31 days)',
          parameters: [
            { name: 'service_id', in: 'query', schema: { type: 'integer' } },
            { name: 'from', in: 'query', schema: { type: 'string', format: 'date' } },
            { name: 'to', in: 'query', schema: { type: 'string', format: 'date' } },
          ],
          responses: { '200': ok('Usage rows', { type: 'object' }), ...errors },
        },
      },
      '/admin/customers': {
        get: { summary: 'Staff: customers, searchable by name, email, company (ability: admin:read)', parameters: [...paging, { name: 'q', in: 'query', schema: { type: 'string' } }], responses: { '200': ok('Customers', list('Customer')), ...errors } },
      },
      '/admin/services': {
        get: {
          summary: 'Staff: services by status, type or customer (ability: admin:read)',
          parameters: [
            ...paging,
            { name: 'status', in: 'query', schema: { type: 'string' } },
            { name: 'type', in: 'query', schema: { type: 'string' } },
            { name: 'customer_id', in: 'query', schema: { type: 'integer' } },
          ],
          responses: { '200': ok('Services', list('Service')), ...errors },
        },
      },
      '/admin/services/{id}/suspend': {
        post: {
          summary: 'Staff (admin, support): queue a suspension on the panel (ability: admin:write)',
          parameters: [idParam, idempotencyKey],
          requestBody: { required: true, content: json({ type: 'object', required: ['reason'], properties: { reason: { type: 'string', maxLength: 255 } } }) },
          responses: { '202': ok('Queued', { type: 'object' }), ...errors },
        },
      },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A personal API token: ezs_<prefix>_<secret>' } },
      schemas: {
        Amount: amount,
        Paging: { type: 'object', properties: { page: { type: 'integer' }, per_page: { type: 'integer' }, total: { type: 'integer' } } },
        Problem: {
          type: 'object',
          description: 'RFC 9457 problem details',
          properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, code: { type: 'string' }, detail: { type: 'string' }, requestId: { type: 'string' } },
        },
        Service: {
          type: 'object',
          properties: {
            id: { type: 'integer' },
            reference: { type: 'string' },
            type: { enum: ['vps', 'dedicated', 'web', 'game', 'mysql'] },
            status: { type: 'string' },
            hostname: { type: ['string', 'null'] },
            domain: { type: ['string', 'null'] },
            primary_ip: { type: ['string', 'null'] },
            ip_addresses: { type: 'array', items: { type: 'string' } },
            subscription_id: { type: 'integer' },
          },
        },
        Invoice: {
          type: 'object',
          properties: {
            id: { type: 'integer' },
            number: { type: ['string', 'null'] },
            status: { type: 'string' },
            currency: { type: 'string' },
            subtotal: ref('Amount'),
            discount: ref('Amount'),
            tax: ref('Amount'),
            total: ref('Amount'),
            balance_due: ref('Amount'),
            due_at: { type: ['string', 'null'], format: 'date-time' },
            lines: { type: 'array', items: { type: 'object' } },
          },
        },
        Subscription: {
          type: 'object',
          properties: { id: { type: 'integer' }, status: { type: 'string' }, cycle: { type: 'string' }, price: ref('Amount'), current_period_end: { type: ['string', 'null'] }, cancel_at_period_end: { type: 'boolean' } },
        },
        Ticket: { type: 'object', properties: { id: { type: 'integer' }, number: { type: 'string' }, subject: { type: 'string' }, status: { type: 'string' }, priority: { type: 'string' } } },
        Customer: { type: 'object', properties: { id: { type: 'integer' }, email: { type: 'string' }, company: { type: ['string', 'null'] }, status: { type: 'string' } } },
      },
    },
  };
}
