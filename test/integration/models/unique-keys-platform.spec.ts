import { expect } from 'chai';
import { isUniqueViolation } from '../../../src/db/transaction.js';
import { sha256 } from '../../../src/lib/crypto.js';
import {
  ApiToken,
  Article,
  AuthToken,
  Customer,
  EmailTemplate,
  IdempotencyRecord,
  JobLock,
  KnownDevice,
  MailOutbox,
  MrrSnapshot,
  OutboxMessage,
  Passkey,
  RecoveryCode,
  Setting,
  TicketReply,
  WhmcsImportMap,
  Ticket,
} from '../../../src/models/index.js';
import { createCustomer, createUser } from '../../factories/identity.js';
import { createDepartment, createTicket } from '../../factories/support.js';
import { resetDatabase } from '../../support/db.js';

/** A unique-key violation (SQLite also reports NOT NULL failures as SequelizeUniqueConstraintError, so the message is checked). */
function expectUniqueViolation(error: unknown): void {
  expect(error, 'the duplicate was accepted').to.be.instanceOf(Error);
  expect(isUniqueViolation(error), String(error)).to.equal(true);
  const cause = (error as { parent?: Error }).parent?.message ?? '';
  expect(cause, cause).to.match(/UNIQUE constraint failed|Duplicate entry/);
}

/** Runs `create` twice: the first succeeds, the second must be refused by the database's unique key. */
async function expectDuplicateRejected(create: () => Promise<unknown>): Promise<void> {
  await create();
  let error: unknown;
  try {
    await create();
  } catch (err) {
    error = err;
  }
  expectUniqueViolation(error);
}

const later = (days: number) => new Date(Date.now() + days * 86_400_000);

describe('unique keys (identity, support, notifications, platform)', () => {
  beforeEach(resetDatabase);

  describe('identity', () => {
    it('when two users share an email (in any case), then the second is refused', async () => {
      await createUser({ email: 'Ada@Example.test' });
      let error: unknown;
      await createUser({ email: 'ada@example.test' }).catch((err: unknown) => (error = err));
      expectUniqueViolation(error);
    });

    it('when a user gets a second customer profile, then it is refused', async () => {
      const customer = await createCustomer();
      let error: unknown;
      await Customer.create({ userId: customer.userId, currency: 'USD' }).catch((err: unknown) => (error = err));
      expectUniqueViolation(error);
    });

    it('when a recovery code is stored twice for one user, then the second is refused (another user may have it)', async () => {
      const [a, b] = [await createUser(), await createUser()];
      await expectDuplicateRejected(() => RecoveryCode.create({ userId: a.id, codeHash: sha256('code-1') }));
      await RecoveryCode.create({ userId: b.id, codeHash: sha256('code-1') });
    });

    it('when a passkey credential is registered twice, then the second is refused', async () => {
      const user = await createUser();
      await expectDuplicateRejected(() => Passkey.create({ userId: user.id, credentialId: 'cred-abc', publicKey: 'pk' }));
    });

    it('when an auth token hash repeats, then the second is refused', async () => {
      const user = await createUser();
      await expectDuplicateRejected(() =>
        AuthToken.create({ userId: user.id, purpose: 'password_reset', tokenHash: sha256('t'), expiresAt: later(1) }),
      );
    });

    it('when a device fingerprint is stored twice for one user, then the second is refused', async () => {
      const user = await createUser();
      await expectDuplicateRejected(() => KnownDevice.create({ userId: user.id, fingerprint: sha256('device') }));
    });

    it('when an API token hash repeats, then the second is refused', async () => {
      const user = await createUser();
      await expectDuplicateRejected(() =>
        ApiToken.create({ userId: user.id, name: 'ci', tokenPrefix: 'ezs_abc', tokenHash: sha256('api'), abilities: ['services:read'] }),
      );
    });
  });

  describe('support', () => {
    it('when two departments share a slug, then the second is refused', async () => {
      await expectDuplicateRejected(() => createDepartment({ slug: 'billing' }));
    });

    it('when two tickets share a number, then the second is refused', async () => {
      const ticket = await createTicket();
      let error: unknown;
      await createTicket({ number: ticket.number, customer: await createCustomer() }).catch((err: unknown) => (error = err));
      expectUniqueViolation(error);
      expect(await Ticket.count()).to.equal(1);
    });

    it('when the same inbound email is delivered twice, then its second reply is refused; replies without a Message-ID are not limited', async () => {
      const ticket = await createTicket();
      await expectDuplicateRejected(() =>
        TicketReply.create({ ticketId: ticket.id, authorKind: 'customer', via: 'email', body: 'hi', emailMessageId: '<m1@mail.example.test>' }),
      );
      await TicketReply.create({ ticketId: ticket.id, authorKind: 'customer', body: 'one' });
      await TicketReply.create({ ticketId: ticket.id, authorKind: 'customer', body: 'two' });
    });
  });

  describe('notifications', () => {
    it('when a mail for the same event and recipient is queued twice, then the second is refused', async () => {
      await expectDuplicateRejected(() =>
        MailOutbox.create({ toAddress: 'a@example.test', template: 'invoice_issued', subject: 'Invoice', dedupeKey: 'invoice.issued:1:user:1' }),
      );
    });

    it('when two email templates share a key, then the second is refused', async () => {
      await expectDuplicateRejected(() => EmailTemplate.create({ key: 'invoice_issued', subject: 'S', html: '<p>x</p>' }));
    });

    it('when an outbox message is queued twice under one dedupe key, then the second is refused', async () => {
      await expectDuplicateRejected(() =>
        OutboxMessage.create({ channel: 'discord', topic: 'payments', payload: { content: 'paid' }, dedupeKey: 'discord:invoice.paid:1' }),
      );
    });
  });

  describe('platform', () => {
    it('when a setting key is stored twice, then the second is refused', async () => {
      await expectDuplicateRejected(() => Setting.create({ key: 'billing.renewal_lead_days', value: '7', type: 'int' }));
    });

    it('when an idempotency key repeats in one scope, then the second is refused (another scope may use it)', async () => {
      const record = (scope: string) => IdempotencyRecord.create({ scope, key: 'k-1', requestHash: sha256('r'), expiresAt: later(1) });
      await expectDuplicateRejected(() => record('api:user:1'));
      await record('api:user:2');
    });

    it('when a job lock row is inserted twice, then the second is refused', async () => {
      await expectDuplicateRejected(() => JobLock.create({ name: 'billing:renew', owner: 'a', lockedUntil: later(1), acquiredAt: new Date() }));
    });

    it('when two articles of one kind share a slug, then the second is refused (another kind may use it)', async () => {
      const article = (kind: 'kb' | 'news') => Article.create({ kind, slug: 'getting-started', title: 'Getting started', bodyMd: '# Hi' });
      await expectDuplicateRejected(() => article('kb'));
      await article('news');
    });

    it('when a WHMCS row is mapped twice, then the second is refused (another entity may share the id)', async () => {
      const map = (entity: string, localId: number) => WhmcsImportMap.create({ entity, whmcsId: 42, localId });
      await expectDuplicateRejected(() => map('client', 1));
      await map('invoice', 2);
    });

    it('when an MRR snapshot is written twice for a day and currency, then the second is refused (other currencies are kept)', async () => {
      const snap = (currency: 'USD' | 'EUR') =>
        MrrSnapshot.create({ day: '2025-01-31', currency, mrrMinor: 100_00, baseCurrency: 'USD', mrrBaseMinor: 100_00 });
      await expectDuplicateRejected(() => snap('USD'));
      await snap('EUR');
      expect(await MrrSnapshot.count()).to.equal(2);
    });
  });
});
