import express, { type Router } from 'express';
import { Op } from 'sequelize';
import { asyncHandler } from '../../src/http/async.js';
import { siteBaseUrl } from '../../src/http/hosts.js';
import { clock } from '../../src/lib/clock.js';
import { Article } from '../../src/models/index.js';
import { LEGAL_PAGES } from '../../src/site/legal-pages.js';
import { publicPlanSlugs } from '../../src/site/pricing-view.js';
import { publicCache } from './cache.js';
import { STATIC_PAGES } from './pages.js';
import { PRODUCT_PAGES } from './products.js';

/** Every published knowledge base guide and blog post. */
async function publishedArticlePaths(): Promise<string[]> {
  const rows = await Article.findAll({ attributes: ['kind', 'slug'], where: { kind: ['kb', 'news'], publishedAt: { [Op.lte]: clock.now() } }, order: [['kind', 'ASC'], ['slug', 'ASC']] });
  return rows.map((a) => `${a.kind === 'kb' ? '/kb' : '/blog'}/${a.slug}`);
}

const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** Every public page path, in sitemap order; plans appear through the pricing tab of each type that has one. */
export async function sitemapPaths(): Promise<string[]> {
  const plans = await publicPlanSlugs();
  return [
    '/',
    '/pricing',
    ...PRODUCT_PAGES.map((p) => p.path),
    ...STATIC_PAGES.map((p) => p.path),
    '/contact',
    '/kb',
    '/faq',
    '/blog',
    ...(await publishedArticlePaths()),
    ...LEGAL_PAGES.map((p) => `/legal/${p.slug}`),
    ...[...new Set(plans.map((p) => p.type))].map((type) => `/pricing?type=${type}`),
  ];
}

export const seoRouter: Router = express.Router();

seoRouter.get(
  '/sitemap.xml',
  publicCache,
  asyncHandler(async (_req, res) => {
    const base = siteBaseUrl();
    const urls = (await sitemapPaths()).map((p) => `  <url><loc>${xmlEscape(base + p)}</loc></url>`).join('\n');
    res.type('application/xml').send(`<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}\n</urlset>\n`);
  }),
);

seoRouter.get('/robots.txt', publicCache, (_req, res) => {
  res.type('text/plain').send(`User-agent: *\nDisallow: /account\nDisallow: /admin\nSitemap: ${siteBaseUrl()}/sitemap.xml\n`);
});
