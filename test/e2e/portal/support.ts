import { TEST_PASSWORD, createCustomer } from '../../factories/identity.js';
import { createPlan } from '../../factories/catalog.js';
import { createSubscription, createService } from '../../factories/commerce.js';
import { createInvoice } from '../../factories/billing.js';
import type { Customer, Invoice, Service, Subscription } from '../../../src/models/index.js';
import { browser, csrfOf, signIn, type Agent } from '../account-auth/support.js';

export { browser, csrfOf, type Agent };

/** A customer with a VPS subscription, its active service and an open invoice. */
export interface Account {
  customer: Customer;
  subscription: Subscription;
  service: Service;
  invoice: Invoice;
}

/** Creates a customer with one of everything the portal shows, each named after `tag` so a page leaking it is visible. */
export async function createAccountWithData(tag: string): Promise<Account> {
  const customer = await createCustomer({ company: `Company ${tag}` });
  const plan = await createPlan({ name: `Plan ${tag}` }, 'vps');
  const subscription = await createSubscription({ plan, customer });
  const service = await createService({ subscription, hostname: `host-${tag}.example.test` });
  const invoice = await createInvoice({ customer, lines: [{ kind: 'manual', description: `Line ${tag}`, unitAmountMinor: 4321 }] });
  return { customer, subscription, service, invoice };
}

/** A browser signed in as `customer`. */
export async function signedIn(customer: Customer): Promise<Agent> {
  const agent = await browser();
  await signIn(agent, customer.user!.email, TEST_PASSWORD);
  return agent;
}

/** The CSRF token of a page the agent opens. */
export async function tokenOf(agent: Agent, path: string): Promise<string> {
  return csrfOf((await agent.get(path)).text);
}

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  name: string;
  regexp: RegExp;
  handle: { stack?: Layer[] };
}

/** The path a router is mounted on, read back from Express's matcher (`/^\/billing\/?(?=\/|$)/i` -> `/billing`). */
function mountPath(regexp: RegExp): string {
  return regexp.source.replace(/^\^/, '').replace('\\/?(?=\\/|$)', '').replace(/\\\//g, '/');
}

function walk(stack: Layer[], prefix: string, out: string[]): void {
  for (const layer of stack) {
    if (layer.route) {
      for (const method of Object.keys(layer.route.methods)) out.push(`${method.toUpperCase()} ${prefix}${layer.route.path === '/' && prefix ? '' : layer.route.path}`);
    } else if (layer.name === 'router' && layer.handle.stack) {
      walk(layer.handle.stack, `${prefix}${mountPath(layer.regexp)}`, out);
    }
  }
}

/** Every route of the /account router as "METHOD /account/path/:param", in mount order. */
export async function portalRoutes(): Promise<string[]> {
  const { accountRouter } = await import('../../../portal/account/index.js');
  const out: string[] = [];
  walk((accountRouter() as unknown as { stack: Layer[] }).stack, '/account', out);
  return [...new Set(out)];
}
