import { Coupon } from '../coupon.js';
import { CouponRedemption } from '../coupon-redemption.js';
import { CreditNoteLine } from '../credit-note-line.js';
import { CreditNote } from '../credit-note.js';
import { Customer } from '../customer.js';
import { DunningExemption } from '../dunning-exemption.js';
import { FxRate } from '../fx-rate.js';
import { GatewayEvent } from '../gateway-event.js';
import { InvoiceLine } from '../invoice-line.js';
import { InvoiceTax } from '../invoice-tax.js';
import { Invoice } from '../invoice.js';
import { LedgerEntry } from '../ledger-entry.js';
import { Order } from '../order.js';
import { PaymentAttempt } from '../payment-attempt.js';
import { PaymentMethod } from '../payment-method.js';
import { Plan } from '../plan.js';
import { Sequence } from '../sequence.js';
import { Subscription } from '../subscription.js';
import { TaxRate } from '../tax-rate.js';
import { User } from '../user.js';

/** Invoices, credit notes, the ledger, payments and their methods, gateway events, redemptions, tax and FX rates, sequences. */
export const billingModels = [
  Sequence,
  TaxRate,
  FxRate,
  PaymentMethod,
  Invoice,
  InvoiceLine,
  InvoiceTax,
  CreditNote,
  CreditNoteLine,
  PaymentAttempt,
  LedgerEntry,
  GatewayEvent,
  CouponRedemption,
  DunningExemption,
];

export function associateBilling(): void {
  Customer.hasMany(Invoice, { foreignKey: 'customerId', as: 'invoices' });
  Invoice.belongsTo(Customer, { foreignKey: 'customerId', as: 'customer' });
  Subscription.hasMany(Invoice, { foreignKey: 'subscriptionId', as: 'invoices' });
  Invoice.belongsTo(Subscription, { foreignKey: 'subscriptionId', as: 'subscription' });
  Order.hasMany(Invoice, { foreignKey: 'orderId', as: 'invoices' });
  Invoice.belongsTo(Order, { foreignKey: 'orderId', as: 'order' });

  Invoice.hasMany(InvoiceLine, { foreignKey: 'invoiceId', as: 'lines' });
  InvoiceLine.belongsTo(Invoice, { foreignKey: 'invoiceId', as: 'invoice' });
  InvoiceLine.belongsTo(TaxRate, { foreignKey: 'taxRateId', as: 'taxRate' });
  InvoiceLine.belongsTo(Subscription, { foreignKey: 'subscriptionId', as: 'subscription' });
  InvoiceLine.belongsTo(Plan, { foreignKey: 'planId', as: 'plan' });
  InvoiceLine.belongsTo(Coupon, { foreignKey: 'couponId', as: 'coupon' });
  Invoice.hasMany(InvoiceTax, { foreignKey: 'invoiceId', as: 'taxes' });
  InvoiceTax.belongsTo(Invoice, { foreignKey: 'invoiceId', as: 'invoice' });
  InvoiceTax.belongsTo(TaxRate, { foreignKey: 'taxRateId', as: 'taxRate' });

  Invoice.hasMany(CreditNote, { foreignKey: 'invoiceId', as: 'creditNotes' });
  CreditNote.belongsTo(Invoice, { foreignKey: 'invoiceId', as: 'invoice' });
  CreditNote.belongsTo(Customer, { foreignKey: 'customerId', as: 'customer' });
  CreditNote.belongsTo(User, { foreignKey: 'createdBy', as: 'creator' });
  CreditNote.hasMany(CreditNoteLine, { foreignKey: 'creditNoteId', as: 'lines' });
  CreditNoteLine.belongsTo(CreditNote, { foreignKey: 'creditNoteId', as: 'creditNote' });
  CreditNoteLine.belongsTo(InvoiceLine, { foreignKey: 'invoiceLineId', as: 'invoiceLine' });

  Customer.hasMany(PaymentMethod, { foreignKey: 'customerId', as: 'paymentMethods' });
  PaymentMethod.belongsTo(Customer, { foreignKey: 'customerId', as: 'customer' });
  Invoice.hasMany(PaymentAttempt, { foreignKey: 'invoiceId', as: 'paymentAttempts' });
  PaymentAttempt.belongsTo(Invoice, { foreignKey: 'invoiceId', as: 'invoice' });
  PaymentAttempt.belongsTo(Customer, { foreignKey: 'customerId', as: 'customer' });
  PaymentAttempt.belongsTo(PaymentMethod, { foreignKey: 'paymentMethodId', as: 'paymentMethod' });

  Customer.hasMany(LedgerEntry, { foreignKey: 'customerId', as: 'ledgerEntries' });
  LedgerEntry.belongsTo(Customer, { foreignKey: 'customerId', as: 'customer' });
  Invoice.hasMany(LedgerEntry, { foreignKey: 'invoiceId', as: 'ledgerEntries' });
  LedgerEntry.belongsTo(Invoice, { foreignKey: 'invoiceId', as: 'invoice' });
  LedgerEntry.belongsTo(CreditNote, { foreignKey: 'creditNoteId', as: 'creditNote' });
  LedgerEntry.belongsTo(PaymentAttempt, { foreignKey: 'paymentAttemptId', as: 'paymentAttempt' });
  LedgerEntry.belongsTo(LedgerEntry, { foreignKey: 'relatedEntryId', as: 'relatedEntry' });
  LedgerEntry.belongsTo(PaymentMethod, { foreignKey: 'paymentMethodId', as: 'paymentMethod' });
  LedgerEntry.belongsTo(User, { foreignKey: 'recordedBy', as: 'recorder' });

  Coupon.hasMany(CouponRedemption, { foreignKey: 'couponId', as: 'redemptions' });
  CouponRedemption.belongsTo(Coupon, { foreignKey: 'couponId', as: 'coupon' });
  CouponRedemption.belongsTo(Customer, { foreignKey: 'customerId', as: 'customer' });
  CouponRedemption.belongsTo(Order, { foreignKey: 'orderId', as: 'order' });
  CouponRedemption.belongsTo(Subscription, { foreignKey: 'subscriptionId', as: 'subscription' });
  CouponRedemption.belongsTo(Invoice, { foreignKey: 'invoiceId', as: 'invoice' });
}
