import express, { type Router } from 'express';
import { marked } from 'marked';
import { Op } from 'sequelize';
import { asyncHandler } from '../../src/http/async.js';
import { clock } from '../../src/lib/clock.js';
import { NotFoundError } from '../../src/lib/errors.js';
import { Article } from '../../src/models/index.js';
import type { ArticleKind } from '../../src/models/enums.js';
import { LEGAL_PAGES, loadLegalPage } from '../../src/site/legal-pages.js';
import { publicCache } from './cache.js';

/** Static pages: title, description and view; rendered with the site layout. */
export const STATIC_PAGES = [
  { path: '/about', view: 'site/about', title: 'About us', description: 'Who we are, where our servers run and how we work: an independent hosting company run by engineers.' },
  { path: '/support', view: 'site/support', title: 'Support', description: 'Get help with your VPS, dedicated server, website or game server: tickets, knowledge base and contact.' },
  { path: '/status', view: 'site/status', title: 'System status', description: 'Live health of our VPS, game server, dedicated server and web hosting platforms, and of billing.' },
] as const;

/** Articles with a page of their own: knowledge base guides and blog posts. */
const ARTICLE_SECTIONS: Array<{ path: string; kind: ArticleKind; title: string; description: string }> = [
  { path: '/kb', kind: 'kb', title: 'Knowledge base', description: 'Guides for setting up, securing and running your servers, websites and game servers.' },
  { path: '/blog', kind: 'news', title: 'Blog', description: 'Product news, new locations and engineering notes from our team.' },
];

export const pagesRouter: Router = express.Router();

// NOTE: /status is listed for the sitemap but rendered by statusRouter from the latest checks.
for (const page of STATIC_PAGES.filter((p) => p.path !== '/status')) {
  pagesRouter.get(page.path, publicCache, (_req, res) => {
    res.render(page.view, { layout: 'site', pageTitle: page.title, metaDescription: page.description, canonicalPath: page.path });
  });
}

pagesRouter.get(
  '/legal/:slug',
  publicCache,
  asyncHandler(async (req, res) => {
    const page = await loadLegalPage(req.params.slug ?? '');
    if (!page) throw new NotFoundError('legal_page_not_found', 'Page not found');
    res.render('site/legal', { layout: 'site', pageTitle: page.title, metaDescription: page.description, canonicalPath: `/legal/${page.slug}`, page, legalPages: LEGAL_PAGES });
  }),
);

/** Published by now: a publish date in the future keeps an article scheduled. */
const publishedBy = (kind: ArticleKind) => ({ kind, publishedAt: { [Op.lte]: clock.now() } });

// NOTE: the knowledge base list (categories, search) is helpRouter's; the blog list is here.
const BLOG = ARTICLE_SECTIONS.find((s) => s.kind === 'news')!;
pagesRouter.get(
  BLOG.path,
  publicCache,
  asyncHandler(async (_req, res) => {
    const articles = await Article.findAll({ where: publishedBy('news'), order: [['publishedAt', 'DESC'], ['id', 'DESC']] });
    res.render('site/articles', {
      layout: 'site',
      pageTitle: BLOG.title,
      metaDescription: BLOG.description,
      canonicalPath: BLOG.path,
      section: BLOG,
      feed: `${BLOG.path}/feed.xml`,
      articles: articles.map((a) => ({ title: a.title, summary: a.summary, href: `${BLOG.path}/${a.slug}`, publishedAt: a.publishedAt })),
    });
  }),
);

for (const section of ARTICLE_SECTIONS) {
  pagesRouter.get(
    `${section.path}/:slug`,
    publicCache,
    asyncHandler(async (req, res) => {
      const article = await Article.findOne({ where: { ...publishedBy(section.kind), slug: req.params.slug ?? '' } });
      if (!article) throw new NotFoundError('article_not_found', 'Article not found');
      res.render('site/article', {
        layout: 'site',
        pageTitle: article.title,
        metaDescription: article.summary ?? section.description,
        canonicalPath: `${section.path}/${article.slug}`,
        section,
        article: { title: article.title, publishedAt: article.publishedAt, html: await marked.parse(article.bodyMd) },
      });
    }),
  );
}
