import { GatewayError } from '../../lib/errors.js';
import {
  WebhookSignatureError,
  type GatewayEvent, type HostedPaymentInput, type HostedRedirect, type PaymentGateway, type RefundResult,
} from '../gateway.js';
import { invoicePageUrl } from '../operations/urls.js';

// NOTE: Bank transfer has no remote rail. "Paying" sends the customer to the invoice page, which shows
// our account details and the invoice number as the transfer reference; staff match the incoming
// transfer and record it (recordBankTransferPayment). Refunds go back by hand, outside the system.
/** The bank transfer "gateway": no API, no webhooks, no saved methods. */
export class BankTransferGateway implements PaymentGateway {
  static readonly id = 'bank_transfer' as const;
  readonly id = BankTransferGateway.id;

  /** No gateway customer: the payer is identified by the transfer reference. */
  async ensureCustomer(): Promise<{ gatewayCustomerId: null }> {
    return { gatewayCustomerId: null };
  }

  /** The invoice page with the transfer details; the invoice id is the reference of the "attempt". */
  async startHostedPayment(input: HostedPaymentInput): Promise<HostedRedirect> {
    return { gatewayRef: `invoice:${input.invoiceId}`, redirectUrl: `${invoicePageUrl(input.invoiceId)}#bank-transfer` };
  }

  /** Money sent by transfer is returned by transfer, by staff: refund to account credit instead. */
  async refund(): Promise<RefundResult> {
    throw new GatewayError('gateway_refund_unsupported', 'Bank transfers cannot be refunded through the system; refund to account credit or by hand', { retryable: false });
  }

  /** Bank transfers send no webhooks. */
  async parseWebhook(): Promise<GatewayEvent> {
    throw new WebhookSignatureError('bank_transfer', 'bank transfers have no webhooks');
  }
}
