import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { chromium, type Browser } from 'playwright-core';
import { browserTestsSkipped, CHROMIUM_ARGS, which } from '../../support/browser-checks.js';
import { crawl } from './crawl.js';

/** A tiny site with one of each kind of link the crawl must judge. */
const PAGES: Record<string, string> = {
  '/': '<a href="/a">A</a> <a href="/b?x=1">B</a> <a href="https://example.com/elsewhere">out</a> <a href="mailto:sales@example.com">mail</a>',
  '/a': '<h2 id="top">A</h2> <a href="/b?x=1#part">B part</a> <a href="/a#nowhere">nowhere</a> <a href="/gone">gone</a> <a href="/old">old</a>',
  '/b': '<p id="part">B</p> <a href="/account/login">sign in</a> <a href="/account/missing">missing</a> <a href="/account/logout">sign out</a> <a href="/assets/site.css">css</a> <a href="/feed.xml">feed</a>',
};

describe('site e2e: the link crawl', function () {
  this.timeout(60_000);
  let server: Server;
  let browser: Browser;
  let base: string;
  const requested: string[] = [];

  before(async function () {
    const skipped = browserTestsSkipped(['chromium']);
    if (skipped) {
      console.log(`    skipped: ${skipped}`);
      this.skip();
    }
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      requested.push(url.pathname);
      const html = PAGES[url.pathname];
      if (html) return void res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>t</title>${html}`);
      if (url.pathname === '/old') return void res.writeHead(301, { location: '/a' }).end();
      if (url.pathname === '/account/login') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>login</title>');
      if (url.pathname === '/assets/site.css') return void res.writeHead(200, { 'content-type': 'text/css' }).end('p{}');
      if (url.pathname === '/feed.xml') return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<rss/>');
      if (url.pathname === '/account/logout') return void res.writeHead(500).end();
      res.writeHead(404, { 'content-type': 'text/html' }).end('<!doctype html><title>404</title>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: which('chromium')!, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('when pages link to a missing page, a missing anchor and a missing portal page, then each is listed with the page linking it and nothing else is', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const seen: string[] = [];
    const result = await crawl({ base, page: await context.newPage(), request: context.request, onPage: async (key) => void seen.push(key) });

    expect(result.broken).to.have.members([
      '/gone (linked from /a) answered 404',
      '/account/missing (linked from /b?x=1) answered 404',
      '/a#nowhere (linked from /a): no element with id "nowhere"',
    ]);
    expect(result.pages).to.have.members(['/', '/a', '/b?x=1']);
    expect(seen).to.deep.equal(result.pages);
    expect(result.checked).to.have.members(['/account/login', '/account/missing', '/assets/site.css', '/feed.xml']);
    expect(requested).to.not.include('/account/logout');
    await context.close();
  });
});
