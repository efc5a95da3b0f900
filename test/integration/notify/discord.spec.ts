import { expect } from 'chai';
import { clock } from '../../../src/lib/clock.js';
import { systemCtx } from '../../../src/lib/context.js';
import { OutboxMessage } from '../../../src/models/index.js';
import { discordWebhookUrl } from '../../../src/notify/discord.js';
import { notifyStaff } from '../../../src/notify/notify.js';
import { setSetting } from '../../../src/settings/index.js';
import { createStaff } from '../../factories/identity.js';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord.js';
import { resetDatabase } from '../../support/db.js';
import { MINUTE, restoreConfig, runOutboxDelivery, useConfig } from './helpers.js';

const order = (n: number) => ({ orderId: n, number: `ORD-${n}`, customerId: 3, totalMinor: 1999, currency: 'USD' });
const raise = (n: number) => notifyStaff('order.placed', order(n), systemCtx());

describe('notify: Discord posts', function () {
  this.timeout(60_000);
  let discord: FakeDiscord;

  beforeEach(async () => {
    await resetDatabase();
    discord = await startFakeDiscord();
    useConfig({ discordWebhookUrl: discord.webhookUrl('default') });
    await createStaff('admin');
  });
  afterEach(async () => {
    restoreConfig();
    await discord.close();
  });

  it('when a new order comes in, then one embed is posted to the webhook, with mentions switched off', async () => {
    clock.set('2025-03-01T10:00:00Z');
    await raise(1);
    await runOutboxDelivery();
    await runOutboxDelivery();
    expect(discord.delivered()).to.have.length(1);
    const { body, path } = discord.delivered()[0]!;
    expect(path).to.equal('/api/webhooks/1/default');
    expect(body.allowed_mentions).to.deep.equal({ parse: [] });
    const embed = (body.embeds as Array<Record<string, unknown>>)[0]!;
    expect(embed.title).to.equal('New order ORD-1 ($19.99)');
    expect(embed.url).to.match(/\/admin\/resources\/orders\/records\/1\/show$/);
    expect(embed.timestamp).to.equal('2025-03-01T10:00:00.000Z');
    const row = await OutboxMessage.findOne({ where: { channel: 'discord' }, rejectOnEmpty: true });
    expect(row.status).to.equal('delivered');
    expect(row.deliveredAt).to.be.instanceOf(Date);
  });

  it('when Discord answers 429, then the post waits retry_after without using an attempt, and the rest of the batch waits too', async () => {
    clock.set('2025-03-01T10:00:00Z');
    await raise(1);
    await raise(2);
    discord.rateLimitNext(1, 2.5);
    await runOutboxDelivery();
    expect(discord.posts.map((p) => p.status)).to.deep.equal([429]);
    const rows = await OutboxMessage.findAll({ where: { channel: 'discord' }, order: [['id', 'ASC']] });
    expect(rows.map((r) => [r.status, r.attempts])).to.deep.equal([['pending', 0], ['pending', 0]]);
    expect(rows.map((r) => r.nextAttemptAt.toISOString())).to.deep.equal(['2025-03-01T10:00:02.500Z', '2025-03-01T10:00:02.500Z']);

    clock.advance(1000);
    await runOutboxDelivery();
    expect(discord.posts).to.have.length(1);
    clock.advance(2000);
    await runOutboxDelivery();
    expect(discord.delivered().map((p) => (p.body.embeds as Array<{ title: string }>)[0]!.title)).to.deep.equal(['New order ORD-1 ($19.99)', 'New order ORD-2 ($19.99)']);
  });

  it('when Discord is down, then the post is retried with backoff and delivered once it is back', async () => {
    clock.set('2025-03-01T10:00:00Z');
    const url = discord.webhookUrl('default');
    await discord.close();
    await raise(1);
    await runOutboxDelivery();
    let row = await OutboxMessage.findOne({ where: { channel: 'discord' }, rejectOnEmpty: true });
    expect([row.status, row.attempts]).to.deep.equal(['pending', 1]);
    expect(row.lastError).to.contain('Discord unreachable');
    expect(row.nextAttemptAt.toISOString()).to.equal('2025-03-01T10:01:00.000Z');

    discord = await startFakeDiscord();
    useConfig({ discordWebhookUrl: discord.webhookUrl('default') });
    expect(url).to.not.equal(discord.webhookUrl('default'));
    discord.failNext(1, 502);
    clock.advance(MINUTE);
    await runOutboxDelivery();
    row = await OutboxMessage.findOne({ where: { channel: 'discord' }, rejectOnEmpty: true });
    expect([row.status, row.attempts]).to.deep.equal(['pending', 2]);
    clock.advance(5 * MINUTE);
    await runOutboxDelivery();
    expect(discord.delivered()).to.have.length(1);
    expect((await OutboxMessage.findByPk(row.id, { rejectOnEmpty: true })).status).to.equal('delivered');
  });

  it('when the webhook was deleted (404), then the post fails for good and staff see why', async () => {
    await raise(1);
    discord.failNext(1, 404);
    await runOutboxDelivery();
    const row = await OutboxMessage.findOne({ where: { channel: 'discord' }, rejectOnEmpty: true });
    expect(row.status).to.equal('failed');
    expect(row.lastError).to.contain('404');
  });

  it('when a channel has its own webhook in settings, then its posts go there', async () => {
    await setSetting('discord.webhook_url.payments', 'https://discord.example/api/webhooks/2/payments', systemCtx({ actor: { type: 'staff', userId: null } }));
    expect(await discordWebhookUrl('payments')).to.equal('https://discord.example/api/webhooks/2/payments');
    expect(await discordWebhookUrl('orders')).to.equal(discord.webhookUrl('default'));
  });
});
