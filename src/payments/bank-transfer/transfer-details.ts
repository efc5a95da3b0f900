import { formatMoney } from '../../billing/money.js';
import { NotFoundError } from '../../lib/errors.js';
import { Invoice } from '../../models/index.js';
import { getSetting } from '../../settings/index.js';

/** What an unpaid invoice shows under "Pay by bank transfer". */
export interface BankTransferDetails {
  readonly accountHolder: string;
  readonly bankName: string;
  readonly iban: string | null;
  readonly bic: string | null;
  readonly accountNumber: string | null;
  readonly routingNumber: string | null;
  readonly instructions: string | null;
  /** What the customer must write on the transfer so staff can match it: the invoice number. */
  readonly reference: string;
  readonly amountDueMinor: number;
  readonly amountDue: string;
  readonly currency: string;
}

const orNull = (value: string): string | null => (value.trim() === '' ? null : value);

/** The transfer details for an invoice (settings `payments.bank_transfer`), or null when disabled or nothing is owed. */
export async function bankTransferDetails(invoiceId: number): Promise<BankTransferDetails | null> {
  const invoice = await Invoice.findByPk(invoiceId);
  if (!invoice) throw new NotFoundError('invoice_not_found', `Invoice ${invoiceId} not found`);
  const bank = await getSetting('payments.bank_transfer');
  if (!bank.enabled || !['open', 'uncollectible'].includes(invoice.status) || Number(invoice.amountDueMinor) <= 0) return null;
  return {
    accountHolder: bank.accountHolder,
    bankName: bank.bankName,
    iban: orNull(bank.iban),
    bic: orNull(bank.bic),
    accountNumber: orNull(bank.accountNumber),
    routingNumber: orNull(bank.routingNumber),
    instructions: orNull(bank.instructions),
    reference: invoice.number ?? `INVOICE-${invoice.id}`,
    amountDueMinor: Number(invoice.amountDueMinor),
    amountDue: formatMoney(Number(invoice.amountDueMinor), invoice.currency),
    currency: invoice.currency,
  };
}
