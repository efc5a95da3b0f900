import { systemCtx } from '../../../../src/lib/context.js';
import type { Invoice } from '../../../../src/models/index.js';
import { startInvoicePayment } from '../../../../src/payments/operations/start-invoice-payment.js';
import type { FakeStripe } from '../../../fakes/stripe/server.js';

type StripeObject = Record<string, unknown> & { id: string };

/** The customer paid `invoice` on the fake's Checkout page: the session and its PaymentIntent (no webhook sent yet). */
export async function paidOnCheckout(stripe: FakeStripe, invoice: Invoice): Promise<{ session: StripeObject; intent: StripeObject; charge: StripeObject }> {
  const started = await startInvoicePayment(invoice.id, 'stripe', systemCtx());
  const session = stripe.completeCheckout(started.gatewayRef);
  const intent = stripe.get(String(session.payment_intent)) as StripeObject;
  const charge = stripe.get(String(intent.latest_charge)) as StripeObject;
  return { session, intent, charge };
}
