export { loadCustomer } from './load-customer.js';
export { requireCustomer, returnPath } from './require-customer.js';
export { requireRecentAuth } from './require-recent-auth.js';
export { requireVerifiedEmail } from './require-verified-email.js';
