import express, { type Router } from 'express';
import { marked } from 'marked';
import { Op, type WhereOptions } from 'sequelize';
import { config } from '../../config/index.js';
import { asyncHandler } from '../../src/http/async.js';
import { siteBaseUrl } from '../../src/http/hosts.js';
import { clock } from '../../src/lib/clock.js';
import { Article } from '../../src/models/index.js';
import type { ArticleKind } from '../../src/models/enums.js';
import { publicCache } from './cache.js';

/** The knowledge base by category with search, the FAQ, and the blog's RSS feed (articles published by now). */
export const helpRouter: Router = express.Router();

const KB = { path: '/kb', title: 'Knowledge base', description: 'Guides for setting up, securing and running your servers, websites and game servers.' };
const FAQ = { path: '/faq', title: 'Frequently asked questions', description: 'Short answers about ordering, paying, changing plans and cancelling.' };
const UNCATEGORISED = 'More guides';
const FEED_SIZE = 20;

/** Published by now: a publish date in the future keeps an article scheduled. */
function published(kind: ArticleKind): WhereOptions<Article> {
  return { kind, publishedAt: { [Op.lte]: clock.now() } };
}

helpRouter.get(
  KB.path,
  publicCache,
  asyncHandler(async (req, res) => {
    const q = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 100) : '';
    // NOTE: a knowledge base is tens of guides, so the search reads them all and matches every word of
    // the query (case-insensitive) in the title, summary or text: the same on SQLite and MariaDB.
    const all = await Article.findAll({ where: published('kb'), attributes: ['slug', 'title', 'summary', 'category', 'sortOrder', 'bodyMd'], order: [['sortOrder', 'ASC'], ['title', 'ASC']] });
    const words = q.toLowerCase().split(/\s+/).filter(Boolean);
    const articles = all.filter((a) => {
      const text = `${a.title}\n${a.summary ?? ''}\n${a.bodyMd}`.toLowerCase();
      return words.every((w) => text.includes(w));
    });
    const categories = new Map<string, Array<{ title: string; summary: string | null; href: string }>>();
    for (const a of articles) {
      const name = a.category?.trim() || UNCATEGORISED;
      categories.set(name, [...(categories.get(name) ?? []), { title: a.title, summary: a.summary, href: `${KB.path}/${a.slug}` }]);
    }
    const sections = [...categories].sort(([a], [b]) => (a === UNCATEGORISED ? 1 : b === UNCATEGORISED ? -1 : a.localeCompare(b))).map(([name, list], i) => ({ name, id: `kb-section-${i + 1}`, articles: list }));
    res.render('site/kb', {
      layout: 'site',
      pageTitle: q ? `“${q}” in the knowledge base` : KB.title,
      metaDescription: KB.description,
      canonicalPath: KB.path,
      section: KB,
      q,
      found: articles.length,
      sections,
    });
  }),
);

helpRouter.get(
  FAQ.path,
  publicCache,
  asyncHandler(async (_req, res) => {
    const entries = await Article.findAll({ where: published('faq'), order: [['sortOrder', 'ASC'], ['id', 'ASC']] });
    res.render('site/faq', {
      layout: 'site',
      pageTitle: FAQ.title,
      metaDescription: FAQ.description,
      canonicalPath: FAQ.path,
      section: FAQ,
      entries: await Promise.all(entries.map(async (e) => ({ question: e.title, html: await marked.parse(e.bodyMd) }))),
    });
  }),
);

const xml = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

helpRouter.get(
  '/blog/feed.xml',
  publicCache,
  asyncHandler(async (_req, res) => {
    const base = siteBaseUrl();
    const posts = await Article.findAll({ where: published('news'), order: [['publishedAt', 'DESC'], ['id', 'DESC']], limit: FEED_SIZE });
    const items = posts.map((p) => {
      const link = `${base}/blog/${p.slug}`;
      return [
        '    <item>',
        `      <title>${xml(p.title)}</title>`,
        `      <link>${xml(link)}</link>`,
        `      <guid isPermaLink="true">${xml(link)}</guid>`,
        `      <pubDate>${p.publishedAt!.toUTCString()}</pubDate>`,
        p.summary ? `      <description>${xml(p.summary)}</description>` : null,
        '    </item>',
      ].filter(Boolean).join('\n');
    });
    const name = config().appName;
    res.type('application/rss+xml').send(
      `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">\n  <channel>\n` +
        `    <title>${xml(`${name} blog`)}</title>\n    <link>${xml(`${base}/blog`)}</link>\n` +
        `    <atom:link href="${xml(`${base}/blog/feed.xml`)}" rel="self" type="application/rss+xml"/>\n` +
        `    <description>${xml(`Product news, new locations and engineering notes from ${name}.`)}</description>\n    <language>en</language>\n` +
        (posts[0] ? `    <lastBuildDate>${posts[0].publishedAt!.toUTCString()}</lastBuildDate>\n` : '') +
        `${items.join('\n')}${items.length ? '\n' : ''}  </channel>\n</rss>\n`,
    );
  }),
);
