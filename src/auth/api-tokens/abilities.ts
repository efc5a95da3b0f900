/**
 * What an API token may do. Customers hold `read` and `write` (their own records only); staff tokens add
 * `admin:read` / `admin:write`, which reach every customer's records as far as the staff member's role allows.
 */
export const CUSTOMER_ABILITIES = ['read', 'write'] as const;
export const STAFF_ABILITIES = ['admin:read', 'admin:write'] as const;
export type ApiAbility = (typeof CUSTOMER_ABILITIES)[number] | (typeof STAFF_ABILITIES)[number];

/** Token strings look like `ezs_<12 chars>_<32 chars>`; the part before the second underscore is shown as the prefix. */
export const TOKEN_PATTERN = /^ezs_([A-Za-z0-9]{12})_([A-Za-z0-9]{32})$/;
