import { expect } from 'chai';
import { buildDriver } from '../../../../src/provisioning/config.js';
import { resetDatabase } from '../../../support/db.js';
import { PANEL_CONFIG, PANEL_DRIVERS, startPanels, stopPanels, type Panels } from '../orchestration/support.js';
import { attemptLog, expectProvisioningError, provisionRequest } from './support.js';

describe('Provisioning drivers: the same failure handling on every panel', () => {
  let panels: Panels | undefined;

  beforeEach(async () => {
    await resetDatabase();
    panels = await startPanels();
  });

  afterEach(async () => {
    await stopPanels(panels);
    panels = undefined;
  });

  for (const driver of PANEL_DRIVERS) {
    it(`when ${driver} does not answer a create in time, then the error is a retryable timeout, it is logged, and a later create makes one resource`, async () => {
      const { logs, onAttempt } = attemptLog();
      const panel = await buildDriver(driver, { timeoutMs: 300, onAttempt });
      panels![driver].timeout(1);
      const req = provisionRequest(500, PANEL_CONFIG[driver], { hostname: 'srv-500.example.test', domain: 'site-500.example.test' });
      await expectProvisioningError(panel.create(req), { code: 'panel_timeout', retryable: true });
      expect(logs.at(-1)).to.include({ panel: driver, ok: false, status: null, errorCode: 'panel_timeout' });

      const result = await panel.create(req);
      const again = await panel.create(req);
      expect(again.externalId).to.equal(result.externalId);
      expect((await panel.status({ externalId: result.externalId, reference: req.reference })).state).to.equal('active');
    });

    it(`when ${driver} answers 429, then the error is retryable and carries the vendor status`, async () => {
      const panel = await buildDriver(driver, { timeoutMs: 1000 });
      panels![driver].fail(1, 429);
      const err = await expectProvisioningError(panel.create(provisionRequest(501, PANEL_CONFIG[driver], { domain: 'site-501.example.test' })), { code: 'panel_rate_limited', retryable: true });
      expect(err.message).to.contain('429');
    });
  }
});
