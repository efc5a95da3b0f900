import { expect } from 'chai';
import { config, loadConfig, setConfig } from '../../../config/index.js';
import { decryptSecret } from '../../../src/lib/crypto.js';
import { systemCtx, type Ctx } from '../../../src/lib/context.js';
import { ValidationError } from '../../../src/lib/errors.js';
import { AuditLog, Setting } from '../../../src/models/index.js';
import { clearSettingsCache, getSetting, listSettings, setSetting } from '../../../src/settings/index.js';
import { createUser } from '../../factories/identity.js';
import { resetDatabase } from '../../support/db.js';

describe('settings', () => {
  let ctx: Ctx;

  beforeEach(async () => {
    await resetDatabase();
    clearSettingsCache();
    const admin = await createUser({}, 'admin');
    ctx = systemCtx({ actor: { type: 'staff', userId: admin.id, role: 'admin' } });
  });

  it('when nothing is stored, then each setting reads as its typed default', async () => {
    const lead: number = await getSetting('billing.renewal_lead_days');
    const retries: number[] = await getSetting('dunning.retry_days');
    expect(lead).to.equal(7);
    expect(retries).to.deep.equal([1, 3, 5, 7]);
    expect(await getSetting('billing.invoice_number_format')).to.equal('INV-{YYYY}-{SEQ:6}');
    expect(await getSetting('billing.tax_mode')).to.equal('exclusive');
    expect((await getSetting('bandwidth.overage_rates')).vps.EUR).to.be.a('number');
  });

  it('when a value is set, then it is read back typed and the change is audited', async () => {
    await setSetting('billing.renewal_lead_days', 10, ctx);
    await setSetting('dunning.retry_days', [2, 4, 8], ctx);
    expect(await getSetting('billing.renewal_lead_days')).to.equal(10);
    expect(await getSetting('dunning.retry_days')).to.deep.equal([2, 4, 8]);
    const audit = await AuditLog.findOne({ where: { action: 'setting.updated', entityId: 'billing.renewal_lead_days' } });
    expect(audit?.before).to.deep.equal({ value: 7 });
    expect(audit?.after).to.deep.equal({ value: 10 });
    expect(audit?.actorId).to.equal(ctx.actor.userId);
  });

  it('when an invalid value is set, then it is refused with a validation error and nothing is stored', async () => {
    let error: unknown;
    await setSetting('dunning.retry_days', [5, 3], ctx).catch((err: unknown) => (error = err));
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as ValidationError).code).to.equal('setting_invalid');
    await setSetting('billing.renewal_lead_days', -1, ctx).catch((err: unknown) => (error = err));
    expect(await Setting.count()).to.equal(0);
  });

  it('when a secret is set, then it is stored encrypted, read back in clear, and masked in the audit log and listing', async () => {
    await setSetting('panels.virtfusion.token', 'vf-secret-token-123', ctx);
    const row = await Setting.findByPk('panels.virtfusion.token');
    expect(row?.encrypted).to.equal(true);
    expect(row?.value).to.not.include('vf-secret-token-123');
    expect(decryptSecret(row!.value!)).to.equal('vf-secret-token-123');
    clearSettingsCache();
    expect(await getSetting('panels.virtfusion.token')).to.equal('vf-secret-token-123');

    const audit = await AuditLog.findOne({ where: { entityId: 'panels.virtfusion.token' } });
    expect(JSON.stringify(audit?.get({ plain: true }))).to.not.include('vf-secret-token-123');
    expect(audit?.after?.value).to.match(/^\[secret:[\w-]{8}\]$/);

    const listed = (await listSettings()).find((s) => s.key === 'panels.virtfusion.token');
    expect(listed).to.include({ secret: true, stored: true });
    expect(JSON.stringify(listed)).to.not.include('vf-secret-token-123');
  });

  it('when a panel credential is not stored, then the environment value is used', async () => {
    const original = config();
    setConfig(loadConfig({ ...process.env, NODE_ENV: 'test', VIRTFUSION_URL: 'https://vf.example.test', VIRTFUSION_TOKEN: 'from-env' }));
    try {
      expect(await getSetting('panels.virtfusion.url')).to.equal('https://vf.example.test');
      expect(await getSetting('panels.virtfusion.token')).to.equal('from-env');
      await setSetting('panels.virtfusion.token', 'from-admin', ctx);
      expect(await getSetting('panels.virtfusion.token')).to.equal('from-admin');
    } finally {
      setConfig(original);
    }
  });

  it('when settings are listed, then every definition appears once with its group and whether it is stored', async () => {
    await setSetting('site.trust.customers_text', '5,000+', ctx);
    const listed = await listSettings();
    expect(new Set(listed.map((s) => s.key)).size).to.equal(listed.length);
    expect(listed.find((s) => s.key === 'site.trust.customers_text')).to.include({ group: 'site', value: '5,000+', stored: true });
    expect(listed.find((s) => s.key === 'billing.renewal_lead_days')).to.include({ value: 7, stored: false });
  });
});
