import { Customer, type User } from '../../../src/models/index.js';
import { browser, createAccount, csrfOf, PASSWORD, signIn, type Agent } from '../account-auth/support.js';

export { csrfOf };
export type { Agent };

/** A signed-in browser of a new customer, with the customer row. */
export async function signedInCustomer(): Promise<{ agent: Agent; user: User; customer: Customer }> {
  const user = await createAccount();
  const customer = await Customer.findOne({ where: { userId: user.id }, rejectOnEmpty: true });
  const agent = await browser();
  await signIn(agent, user.email, PASSWORD);
  return { agent, user, customer };
}

/** The URL of the first multipart form on a page (its action carries the CSRF token in the query). */
export function multipartAction(html: string): string {
  const match = /<form[^>]*action="([^"]+\?_csrf=[^"]+)"[^>]*enctype="multipart\/form-data"/.exec(html);
  if (!match?.[1]) throw new Error('no multipart form on the page');
  return match[1].replace(/&amp;/g, '&');
}

/** Structural checks of a page: unique ids, every labelled control exists, no leftover Handlebars. */
export function checkMarkup(html: string): void {
  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
  const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (duplicates.length) throw new Error(`duplicate ids: ${duplicates.join(', ')}`);
  for (const [, target] of html.matchAll(/<label[^>]*for="([^"]+)"/g)) if (!ids.includes(target)) throw new Error(`label for missing #${target}`);
  if (/\{\{|\}\}/.test(html)) throw new Error('unrendered Handlebars in the page');
  if (!/<main id="main"/.test(html) || (html.match(/<h1[\s>]/g) ?? []).length !== 1) throw new Error('a page has one main and one h1');
}
