import path from 'node:path';
import { expect } from 'chai';
import { clock } from '../../../src/lib/clock.js';
import { VIEWS_DIR, ViewEngine, viewEngine } from '../../../src/http/views.js';

const render = (source: string, data: Record<string, unknown> = {}) => viewEngine().hbs.compile(source)(data);

const LOCALS = {
  appName: 'EZSCALE',
  baseUrl: 'https://ezscale.test',
  requestPath: '/account/billing',
  assetVersion: 'abc123',
  hostUrls: { site: '', account: '', admin: '' },
  pageTitle: 'Billing',
  metaDescription: 'Your invoices',
};

describe('views: helpers and layouts', () => {
  it('when money is formatted, then minor units become the currency amount without float errors', () => {
    expect(render('{{money 1234 "USD"}}')).to.equal('$12.34');
    expect(render('{{money 1 "EUR"}}')).to.equal('€0.01');
    expect(render('{{money -5 "USD"}}')).to.equal('-$0.05');
    expect(render('{{money 900719925474099 "USD"}}')).to.equal('$9,007,199,254,740.99');
    expect(render('{{money 1500 "JPY"}}')).to.equal('¥1,500');
  });

  it('when dates are formatted, then they read in UTC, and relative times count from the clock', () => {
    clock.set('2025-03-10T12:00:00Z');
    expect(render('{{date d}}', { d: new Date('2025-03-05T23:30:00Z') })).to.equal('Mar 5, 2025');
    expect(render('{{datetime d}}', { d: '2025-03-05T08:04:00Z' })).to.equal('Mar 5, 2025, 08:04 UTC');
    expect(render('{{relativeTime d}}', { d: '2025-03-07T12:00:00Z' })).to.equal('3 days ago');
    expect(render('{{relativeTime d}}', { d: '2025-03-10T14:00:00Z' })).to.equal('in 2 hours');
    expect(render('{{date d}}', { d: null })).to.equal('');
  });

  it('when logic, chip, plural and json helpers are used, then they give what templates expect', () => {
    expect(render('{{#if (and a (or b c) (not d) (eq n "2") (ne n 3))}}yes{{/if}}', { a: 1, c: 1, n: 2 })).to.equal('yes');
    expect(render('{{statusChip "past_due"}} {{statusChip "paid"}} {{statusChip "whatever"}}')).to.equal('chip chip--warning chip chip--success chip chip--neutral');
    expect(render('{{pluralize 1 "server"}}, {{pluralize 3 "server"}}, {{pluralize 2 "box" "boxes"}}')).to.equal('1 server, 3 servers, 2 boxes');
    expect(render('<div data-x="{{json v}}">', { v: { a: '</script>' } })).to.equal('<div data-x="{&quot;a&quot;:&quot;\\u003c/script\\u003e&quot;}">');
    expect(render('{{year}}')).to.equal(String(clock.now().getUTCFullYear()));
  });

  it('when a nav link matches the current path, then active marks it', () => {
    const data = { requestPath: '/account/billing/invoices' };
    expect(render('{{active "/account/billing"}}|{{active "/account" exact=true}}|{{active "/account/support"}}', data)).to.equal('is-active||');
  });

  it('when the csrf helper is used, then it renders the hidden field from the page token', () => {
    expect(render('<form>{{csrf}}</form>', { csrfToken: 'tok"en' })).to.equal('<form><input type="hidden" name="_csrf" value="tok&quot;en"></form>');
  });

  it('when the portal layout renders for an impersonated customer, then it has landmarks, meta tags and the return-to-admin form', () => {
    const html = viewEngine().render(path.join(VIEWS_DIR, 'errors/404.hbs'), {
      ...LOCALS,
      layout: 'portal',
      csrfToken: 'token-1',
      currentUser: { id: 7, email: 'ada@example.test', name: 'Ada Lovelace' },
      impersonating: { impersonatorId: 1, user: { email: 'ada@example.test' }, stopPath: '/account/impersonation/stop' },
    });
    expect(html).to.match(/^<!doctype html>\n<html lang="en">/);
    for (const part of ['<meta charset="utf-8">', 'name="viewport"', '<title>Billing · EZSCALE</title>', 'rel="canonical" href="https://ezscale.test/account/billing"',
      'property="og:title" content="Billing"', 'class="skip-link" href="#main"', '<main id="main"', 'aria-label="Account"',
      'action="/account/impersonation/stop"', 'return to back office', 'name="_csrf" value="token-1"', 'class="is-active" aria-current="page">']) {
      expect(html).to.contain(part);
    }
  });

  it('when the site and auth layouts render, then they carry the marketing navigation and the legal links', () => {
    const site = viewEngine().render(path.join(VIEWS_DIR, 'errors/404.hbs'), { ...LOCALS, requestPath: '/pricing', layout: 'site' });
    for (const link of ['/vps', '/dedicated', '/web-hosting', '/game-servers', '/pricing', '/support', '/legal/terms', '/legal/privacy', '/legal/acceptable-use', '/legal/sla', '/status', '/contact', '/blog', '/kb', '/account/login', '/account/register']) {
      expect(site).to.contain(`href="${link}"`);
    }
    const auth = viewEngine().render(path.join(VIEWS_DIR, 'errors/404.hbs'), { ...LOCALS, layout: 'auth' });
    expect(auth).to.contain('class="auth-card"');
    expect(auth).to.contain('name="robots" content="noindex, nofollow"');
  });

  it('when icons are drawn, then each name gives its own inline SVG, the same every time, in development (no cache) too', () => {
    for (const engine of [viewEngine(), new ViewEngine(VIEWS_DIR, false)]) {
      engine.loadPartials();
      const draw = (source: string, data: Record<string, unknown> = {}) => engine.hbs.compile(source)(data);
      const vps = draw('{{icon "vps"}}');
      expect(vps).to.match(/^<svg class="icon icon-vps"[^>]*aria-hidden="true"/);
      expect(vps).to.contain('<rect x="3" y="4"');
      expect(draw('{{icon name}}', { name: 'vps' })).to.equal(vps);
      expect(draw('{{icon "bell"}}')).to.contain('icon-bell').and.not.contain('<rect x="3" y="4"');
      expect(draw('{{icon "no-such-icon"}}')).to.contain('<circle cx="12" cy="12" r="9"/>');
    }
  });
});
