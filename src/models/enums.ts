/** Value sets shared by migrations, models, validation and views. */
export const ROLES = ['admin', 'support', 'finance', 'customer'] as const;
export type RoleName = (typeof ROLES)[number];
export const STAFF_ROLES = ['admin', 'support', 'finance'] as const;

/** Every currency an amount may carry (the money module knows each one's minor unit). */
export const CURRENCY_CODES = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'JPY'] as const;
export type CurrencyCode = (typeof CURRENCY_CODES)[number];
/** Currencies the catalog is priced in and customers choose from (explicit price lists, no FX). */
export const OFFERED_CURRENCIES = ['USD', 'EUR', 'GBP'] as const;
export type OfferedCurrency = (typeof OFFERED_CURRENCIES)[number];

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

// Support, notifications and platform (migrations 0006-0008).
export const TICKET_STATUSES = ['open', 'awaiting_customer', 'awaiting_staff', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

/** Who wrote the last public reply on a ticket. */
export const TICKET_PARTIES = ['customer', 'staff'] as const;
export type TicketParty = (typeof TICKET_PARTIES)[number];

export const TICKET_AUTHOR_KINDS = ['customer', 'staff', 'system'] as const;
export type TicketAuthorKind = (typeof TICKET_AUTHOR_KINDS)[number];

/** How a ticket or reply came in. */
export const TICKET_CHANNELS = ['web', 'email', 'api'] as const;
export type TicketChannel = (typeof TICKET_CHANNELS)[number];

export const MAIL_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

export const OUTBOX_CHANNELS = ['discord', 'event', 'webhook'] as const;
export type OutboxChannel = (typeof OUTBOX_CHANNELS)[number];

export const OUTBOX_STATUSES = ['pending', 'delivering', 'delivered', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export const SETTING_TYPES = ['string', 'int', 'bool', 'json', 'secret'] as const;
export type SettingType = (typeof SETTING_TYPES)[number];

export const AUDIT_ACTOR_TYPES = ['staff', 'customer', 'system', 'api'] as const;
export type AuditActorType = (typeof AUDIT_ACTOR_TYPES)[number];

export const IDEMPOTENCY_STATUSES = ['in_progress', 'completed'] as const;
export type IdempotencyStatus = (typeof IDEMPOTENCY_STATUSES)[number];

export const CONTACT_MESSAGE_STATUSES = ['new', 'read', 'replied', 'spam'] as const;
export type ContactMessageStatus = (typeof CONTACT_MESSAGE_STATUSES)[number];

export const ARTICLE_KINDS = ['kb', 'faq', 'news'] as const;
export type ArticleKind = (typeof ARTICLE_KINDS)[number];

// Catalog, commerce, billing, usage.
export const PLAN_VISIBILITIES = ['public', 'hidden'] as const;
export type PlanVisibility = (typeof PLAN_VISIBILITIES)[number];
export const PLAN_BADGES = ['popular', 'best_value'] as const;
export type PlanBadge = (typeof PLAN_BADGES)[number];
export const CONFIG_OPTION_KINDS = ['quantity', 'select'] as const;
export type ConfigOptionKind = (typeof CONFIG_OPTION_KINDS)[number];
export const ADDON_KINDS = ['backups', 'snapshots', 'extra_ip', 'managed_support', 'other'] as const;
export type AddonKind = (typeof ADDON_KINDS)[number];
export const COUPON_KINDS = ['percent', 'fixed'] as const;
export type CouponKind = (typeof COUPON_KINDS)[number];
export const COUPON_DURATIONS = ['once', 'repeating', 'forever'] as const;
export type CouponDuration = (typeof COUPON_DURATIONS)[number];

export const ORDER_STATUSES = ['pending', 'pending_review', 'approved', 'rejected', 'completed', 'cancelled', 'fraud'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
/** What an order line buys: a new subscription, a plan change of one, or an addon on one. */
export const ORDER_ITEM_KINDS = ['new', 'change_plan', 'addon'] as const;
export type OrderItemKind = (typeof ORDER_ITEM_KINDS)[number];
export const WAITLIST_STATUSES = ['waiting', 'notified', 'fulfilled', 'cancelled'] as const;
export type WaitlistStatus = (typeof WAITLIST_STATUSES)[number];
export const SUBSCRIPTION_STATUSES = ['pending', 'active', 'past_due', 'suspended', 'terminated', 'cancelled'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];
export const SUBSCRIPTION_ADDON_STATUSES = ['pending', 'active', 'cancelled'] as const;
export type SubscriptionAddonStatus = (typeof SUBSCRIPTION_ADDON_STATUSES)[number];
export const SERVICE_STATUSES = ['pending', 'provisioning', 'active', 'suspended', 'terminated', 'failed', 'waitlisted', 'manual'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];
export const PROVISIONING_ACTIONS = ['create', 'suspend', 'unsuspend', 'terminate', 'power', 'reinstall', 'change_plan'] as const;
export type ProvisioningAction = (typeof PROVISIONING_ACTIONS)[number];
export const PROVISIONING_TASK_STATUSES = ['pending', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type ProvisioningTaskStatus = (typeof PROVISIONING_TASK_STATUSES)[number];

export const INVOICE_KINDS = ['order', 'renewal', 'manual', 'proration', 'overage'] as const;
export type InvoiceKind = (typeof INVOICE_KINDS)[number];
export const INVOICE_STATUSES = ['draft', 'open', 'paid', 'void', 'uncollectible'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export const INVOICE_LINE_KINDS = ['plan', 'setup_fee', 'option', 'addon', 'proration', 'discount', 'overage', 'manual', 'credit'] as const;
export type InvoiceLineKind = (typeof INVOICE_LINE_KINDS)[number];
export const CREDIT_NOTE_KINDS = ['void', 'refund', 'adjustment'] as const;
export type CreditNoteKind = (typeof CREDIT_NOTE_KINDS)[number];
export const CREDIT_NOTE_REFUND_TARGETS = ['gateway', 'credit', 'none'] as const;
export type CreditNoteRefundTarget = (typeof CREDIT_NOTE_REFUND_TARGETS)[number];
/** Every money movement; `amount_minor` is always positive and the kind gives the sign. */
export const LEDGER_ENTRY_KINDS = ['payment', 'refund', 'chargeback', 'chargeback_reversal', 'credit_grant', 'credit_apply', 'credit_revoke', 'adjustment'] as const;
export type LedgerEntryKind = (typeof LEDGER_ENTRY_KINDS)[number];
export const PAYMENT_GATEWAYS = ['stripe', 'paypal', 'bank_transfer', 'credit', 'manual'] as const;
export type PaymentGatewayName = (typeof PAYMENT_GATEWAYS)[number];
export const PAYMENT_ATTEMPT_STATUSES = ['pending', 'succeeded', 'failed', 'requires_action', 'cancelled'] as const;
export type PaymentAttemptStatus = (typeof PAYMENT_ATTEMPT_STATUSES)[number];
export const DECLINE_TYPES = ['hard', 'soft'] as const;
export type DeclineType = (typeof DECLINE_TYPES)[number];
export const PAYMENT_METHOD_KINDS = ['card', 'paypal', 'sepa'] as const;
export type PaymentMethodKind = (typeof PAYMENT_METHOD_KINDS)[number];
export const GATEWAY_EVENT_STATUSES = ['received', 'processed', 'failed', 'ignored'] as const;
export type GatewayEventStatus = (typeof GATEWAY_EVENT_STATUSES)[number];

export const BANDWIDTH_OVERAGE_STATUSES = ['pending', 'invoiced', 'waived'] as const;
export type BandwidthOverageStatus = (typeof BANDWIDTH_OVERAGE_STATUSES)[number];
