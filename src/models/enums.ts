/** Value sets shared by migrations, models, validation and views. */
export const ROLES = ['admin', 'support', 'finance', 'customer'] as const;
export type RoleName = (typeof ROLES)[number];
export const STAFF_ROLES = ['admin', 'support', 'finance'] as const;

export const CURRENCY_CODES = ['USD', 'EUR', 'GBP'] as const;
export type CurrencyCode = (typeof CURRENCY_CODES)[number];

export const AUTH_TOKEN_PURPOSES = ['email_verification', 'password_reset', 'login_challenge', 'reauth'] as const;
export type AuthTokenPurpose = (typeof AUTH_TOKEN_PURPOSES)[number];

export const CUSTOMER_STATUSES = ['active', 'suspended', 'closed'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

export const PLAN_TYPES = ['vps', 'dedicated', 'web', 'game', 'mysql'] as const;
export type PlanType = (typeof PLAN_TYPES)[number];

export const BILLING_CYCLES = ['monthly', 'quarterly', 'semiannual', 'annual'] as const;
export type BillingCycle = (typeof BILLING_CYCLES)[number];

export const DRIVERS = ['virtfusion', 'pterodactyl', 'synergycp', 'enhance', 'manual'] as const;
export type DriverName = (typeof DRIVERS)[number];
