import { expect } from 'chai';
import request from 'supertest';
import { statusCheckJob } from '../../../src/jobs/status-check.js';
import { clock } from '../../../src/lib/clock.js';
import { systemCtx } from '../../../src/lib/context.js';
import { logger } from '../../../src/lib/logger.js';
import { StatusCheck } from '../../../src/models/index.js';
import { clearSettingsCache, setSetting } from '../../../src/settings/index.js';
import { startFakeEnhance, type FakeEnhance } from '../../fakes/panels/enhance.js';
import { startFakePterodactyl, type FakePterodactyl } from '../../fakes/panels/pterodactyl.js';
import { startFakeVirtFusion, type FakeVirtFusion } from '../../fakes/panels/virtfusion.js';
import { resetDatabase } from '../../support/db.js';
import { testApp } from '../../support/http.js';

const run = () => statusCheckJob.run(systemCtx({ now: clock.now() }), logger());

/** The state shown for each component row of the page, in page order. */
function rows(html: string): Array<[string, string]> {
  return [...html.matchAll(/data-component="([a-z]+)"[\s\S]*?data-state="([a-z]+)"/g)].map((m) => [m[1]!, m[2]!]);
}

describe('site e2e: status page from panel reachability', function () {
  this.timeout(60_000);
  let vf: FakeVirtFusion;
  let ptero: FakePterodactyl;
  let enhance: FakeEnhance;

  before(async () => {
    [vf, ptero, enhance] = await Promise.all([startFakeVirtFusion(), startFakePterodactyl(), startFakeEnhance()]);
  });
  after(async () => {
    await Promise.all([vf.close(), ptero.close(), enhance.close()]);
    clock.reset();
  });

  beforeEach(async () => {
    await resetDatabase();
    clock.set('2026-03-02T10:00:00.000Z');
    const ctx = systemCtx();
    await setSetting('panels.virtfusion.url', vf.url, ctx);
    await setSetting('panels.virtfusion.token', vf.token, ctx);
    await setSetting('panels.pterodactyl.url', ptero.url, ctx);
    await setSetting('panels.pterodactyl.app_key', ptero.token, ctx);
    await setSetting('panels.enhance.url', enhance.url, ctx);
    await setSetting('panels.enhance.token', 'a-revoked-token', ctx);
    await setSetting('panels.enhance.org_id', enhance.orgId, ctx);
    await setSetting('panels.synergycp.url', null, ctx);
    clearSettingsCache();
  });

  it('when no check has run yet, then the page says so and lists no component', async () => {
    const res = await request(await testApp()).get('/status');
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('Live checks of our platforms have not run yet.');
    expect(rows(res.text)).to.deep.equal([]);
  });

  it('when the check runs, then each configured panel shows operational, degraded or down with the time, and an unconfigured one is not shown', async () => {
    const before = vf.requests.length;
    ptero.fail(1, 503);
    const result = await run();
    expect(result.details).to.deep.equal({ vps: 'operational', game: 'down', web: 'degraded', billing: 'operational' });
    expect(vf.requests.slice(before).map((r) => `${r.method} ${r.path}`)).to.deep.equal(['GET /connect']);
    const res = await request(await testApp()).get('/status');
    expect(rows(res.text)).to.deep.equal([['vps', 'operational'], ['game', 'down'], ['web', 'degraded'], ['billing', 'operational']]);
    expect(res.text).to.contain('Some services are down');
    expect(res.text).to.contain('datetime="2026-03-02T10:00:00.000Z"');
    expect(res.text).not.to.contain('data-component="dedicated"');
    expect(res.headers['cache-control']).to.equal('public, max-age=60');
  });

  it('when the check runs again after the panels recover, then each component keeps one row with the newer state and time', async () => {
    ptero.fail(1, 503);
    await run();
    clock.set('2026-03-02T10:05:00.000Z');
    await setSetting('panels.enhance.token', enhance.token, systemCtx());
    clearSettingsCache();
    await run();
    expect(await StatusCheck.count()).to.equal(4);
    const res = await request(await testApp()).get('/status');
    expect(rows(res.text)).to.deep.equal([['vps', 'operational'], ['game', 'operational'], ['web', 'operational'], ['billing', 'operational']]);
    expect(res.text).to.contain('All systems operational');
    expect(res.text).to.contain('datetime="2026-03-02T10:05:00.000Z"');
  });

  it('when a panel is unreachable, then it shows down; when its configuration is removed, then it disappears from the page', async () => {
    await setSetting('panels.virtfusion.url', 'http://127.0.0.1:9/api/v1', systemCtx());
    clearSettingsCache();
    await run();
    expect(rows((await request(await testApp()).get('/status')).text)).to.deep.include(['vps', 'down']);
    await setSetting('panels.virtfusion.url', null, systemCtx());
    clearSettingsCache();
    await run();
    const res = await request(await testApp()).get('/status');
    expect(rows(res.text).map(([c]) => c)).to.deep.equal(['game', 'web', 'billing']);
  });
});
