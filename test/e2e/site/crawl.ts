import type { APIRequestContext, Page } from 'playwright-core';

/** Link checking for the browser test of the marketing site: a crawl from `/` over every same-origin link. */

/** Paths that are not site pages: checked that they answer, never followed. */
const NOT_SITE = /^\/(account|admin|api|webhooks|assets|healthz)(\/|$)/;
/** Portal and back office links only have to exist (a login wall or a redirect to one is fine). */
const GATED = /^\/(account|admin)(\/|$)/;
/** Links that change state even on GET are never requested. */
const NEVER_REQUEST = /\/(logout|sign-out)(\/|$)/;

export interface CrawlOptions {
  /** The app's origin, e.g. http://127.0.0.1:1234. */
  base: string;
  /** The tab the crawl opens site pages in. */
  page: Page;
  /** Requests for links that are checked but not followed (same cookies as `page`). */
  request: APIRequestContext;
  /** Called with each site page once it is shown (path + query, and the HTML the server sent). */
  onPage?: (key: string, html: string) => Promise<void>;
  /** At most this many site pages (a guard against links that multiply without end). */
  limit?: number;
}

export interface CrawlResult {
  /** Site pages opened, as path + query, in crawl order. */
  pages: string[];
  /** Links checked without being followed (portal, back office, assets, feeds). */
  checked: string[];
  /** One readable line per broken link: what, linked from where, what went wrong. */
  broken: string[];
}

interface Found {
  hrefs: string[];
  ids: string[];
}

/**
 * Opens `/`, then every same-origin site page linked from a site page (`a`, `area` and `link` hrefs). Each
 * site page must answer 200 (after redirects) and each `#fragment` must name an element of its target;
 * portal and back office links must answer neither 404 nor 5xx, other non-site links (assets) 200.
 */
export async function crawl(opts: CrawlOptions): Promise<CrawlResult> {
  const origin = new URL(opts.base).origin;
  const limit = opts.limit ?? 150;
  const queue: string[] = ['/'];
  const from = new Map<string, string>([['/', '(start)']]);
  const ids = new Map<string, Set<string> | null>();
  /** Links that redirect, and the page each lands on. */
  const redirects = new Map<string, string>();
  const checked = new Map<string, number>();
  const fragments: Array<{ key: string; hash: string; from: string }> = [];
  const broken: string[] = [];

  while (queue.length) {
    const key = queue.shift()!;
    if (ids.has(key)) continue;
    if (ids.size >= limit) {
      broken.push(`more than ${limit} site pages; stopped before ${key}`);
      break;
    }
    // NOTE: a document the browser downloads instead of showing (a feed) fails to open; its answer is fetched instead.
    const res = await opts.page.goto(`${origin}${key}`, { waitUntil: 'domcontentloaded' }).catch(() => null);
    const status = res?.status() ?? (await opts.request.get(`${origin}${key}`)).status();
    if (status !== 200) {
      ids.set(key, null);
      broken.push(`${key} (linked from ${from.get(key)}) answered ${status}`);
      continue;
    }
    if (!res || !/^text\/html\b/.test(res.headers()['content-type'] ?? '')) {
      // a feed or another document linked from a page: it answers, it is not a page to follow
      ids.set(key, null);
      checked.set(key, status);
      continue;
    }
    // NOTE: a link that redirects stands for the page it lands on, which is read once under its own address.
    const landed = new URL(opts.page.url());
    const page = `${landed.pathname}${landed.search}`;
    if (page !== key) {
      ids.set(key, null);
      redirects.set(key, page);
      if (ids.has(page) || NOT_SITE.test(landed.pathname)) continue;
      from.set(page, from.get(key) ?? key);
    }
    const found: Found = await opts.page.evaluate(() => ({
      hrefs: Array.from(document.querySelectorAll('a[href], area[href], link[href]')).map((e) => (e as HTMLAnchorElement).href),
      ids: Array.from(document.querySelectorAll('[id], a[name]')).map((e) => e.id || e.getAttribute('name') || ''),
    }));
    ids.set(page, new Set(found.ids));
    await opts.onPage?.(page, await res.text());

    for (const href of found.hrefs) {
      const url = new URL(href);
      if (url.origin !== origin) continue;
      const target = `${url.pathname}${url.search}`;
      if (NOT_SITE.test(url.pathname)) {
        if (NEVER_REQUEST.test(url.pathname) || checked.has(target)) continue;
        const answer = await opts.request.get(`${origin}${target}`);
        checked.set(target, answer.status());
        const ok = GATED.test(url.pathname) ? answer.status() !== 404 && answer.status() < 500 : answer.status() === 200;
        if (!ok) broken.push(`${target} (linked from ${page}) answered ${answer.status()}`);
        continue;
      }
      if (url.hash.length > 1) fragments.push({ key: target, hash: decodeURIComponent(url.hash.slice(1)), from: page });
      if (!from.has(target)) {
        from.set(target, page);
        queue.push(target);
      }
    }
  }

  for (const f of fragments) {
    const known = ids.get(redirects.get(f.key) ?? f.key);
    if (known && !known.has(f.hash)) broken.push(`${f.key}#${f.hash} (linked from ${f.from}): no element with id "${f.hash}"`);
  }
  return { pages: [...ids].filter(([, known]) => known).map(([key]) => key), checked: [...checked.keys()], broken };
}
