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
