import { expect } from 'chai';
import request from 'supertest';
import { clearPageCache } from '../../../portal/site/cache.js';
import { seedHelpArticles } from '../../../src/site/help-articles.js';
import { clock } from '../../../src/lib/clock.js';
import { Article } from '../../../src/models/index.js';
import { resetDatabase } from '../../support/db.js';
import { testApp } from '../../support/http.js';

const DAY = 86_400_000;

describe('site e2e: knowledge base, FAQ and the blog feed', () => {
  before(async () => {
    await resetDatabase();
    await seedHelpArticles();
    const now = clock.now().getTime();
    await Article.bulkCreate([
      { kind: 'kb', slug: 'draft-guide', title: 'Unpublished draft guide', bodyMd: 'Not yet.', publishedAt: null },
      { kind: 'kb', slug: 'future-guide', title: 'Scheduled guide for next week', bodyMd: 'Soon.', publishedAt: new Date(now + 7 * DAY) },
      { kind: 'news', slug: 'new-location', title: 'New location: Frankfurt & more', summary: 'VPS in <Frankfurt> now.', bodyMd: 'Hello.', publishedAt: new Date(now - DAY) },
      { kind: 'news', slug: 'older-news', title: 'Older news', bodyMd: 'Earlier.', publishedAt: new Date(now - 10 * DAY) },
      { kind: 'news', slug: 'scheduled-news', title: 'Scheduled news', bodyMd: 'Later.', publishedAt: new Date(now + DAY) },
    ]);
    clearPageCache();
  });

  it('when a visitor opens the knowledge base, then guides are grouped by category and drafts or scheduled ones are not listed', async () => {
    const res = await request(await testApp()).get('/kb');
    expect(res.status).to.equal(200);
    const headings = [...res.text.matchAll(/<h2 id="kb-section-\d+">([^<]+)<\/h2>/g)].map((m) => m[1]);
    expect(headings).to.deep.equal(['Billing', 'Game servers', 'Getting started', 'Servers']);
    const start = res.text.indexOf('>Getting started<');
    expect(res.text.indexOf('Connect to your VPS with SSH', start)).to.be.lessThan(res.text.indexOf('Secure a new Linux server', start));
    expect(res.text).to.contain('href="/kb/connect-with-ssh"').and.not.contain('Unpublished draft guide').and.not.contain('Scheduled guide');
    expect((await request(await testApp()).get('/kb/future-guide')).status).to.equal(404);
    expect((await request(await testApp()).get('/kb/draft-guide')).status).to.equal(404);
  });

  it('when a visitor searches the knowledge base, then only matching guides are listed with the count, and every word must match', async () => {
    const app = await testApp();
    const found = await request(app).get('/kb').query({ q: '3-D Secure' });
    expect(found.text).to.contain('1 guide matches').and.contain('How renewals and invoices work').and.not.contain('Connect to your VPS with SSH');
    expect(found.text).to.contain('value="3-D Secure"');
    const two = await request(app).get('/kb').query({ q: 'ssh  KEY' });
    expect(two.text).to.contain('1 guide matches').and.contain('Secure a new Linux server').and.not.contain('Connect to your VPS with SSH');
    const none = await request(app).get('/kb').query({ q: '%' });
    expect(none.text).to.contain('0 guides match').and.contain('No guide mentions that yet');
  });

  it('when a visitor opens a guide and the FAQ, then the Markdown is rendered and each question opens its answer', async () => {
    const app = await testApp();
    const guide = await request(app).get('/kb/connect-with-ssh');
    expect(guide.status).to.equal(200);
    expect(guide.text).to.contain('<h1 id="article-title">Connect to your VPS with SSH</h1>').and.contain('<h2>From Windows</h2>').and.contain('<code>ssh root@203.0.113.25');
    const faq = await request(app).get('/faq');
    expect(faq.status).to.equal(200);
    const questions = [...faq.text.matchAll(/<summary><strong>([^<]+)<\/strong><\/summary>/g)].map((m) => m[1]);
    expect(questions[0]).to.equal('How soon is my server ready?');
    expect(questions).to.have.length(await Article.count({ where: { kind: 'faq' } }));
    expect(faq.text).to.contain('<strong>Subscriptions → Change plan</strong>');
  });

  it('when a reader fetches the blog feed, then it is RSS 2.0 with published posts newest first, escaped, and the blog links to it', async () => {
    const app = await testApp();
    const feed = await request(app).get('/blog/feed.xml');
    expect(feed.status).to.equal(200);
    expect(feed.headers['content-type']).to.match(/^application\/rss\+xml/);
    const titles = [...feed.text.matchAll(/<item>\s*<title>([^<]+)<\/title>/g)].map((m) => m[1]);
    expect(titles).to.deep.equal(['New location: Frankfurt &#38; more', 'Older news']);
    expect(feed.text).to.contain('<description>VPS in &#60;Frankfurt&#62; now.</description>').and.contain('/blog/new-location</link>');
    expect(feed.text).to.match(/<pubDate>\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT<\/pubDate>/);
    const blog = await request(app).get('/blog');
    expect(blog.text).to.contain('href="/blog/feed.xml"').and.contain('New location: Frankfurt').and.not.contain('Scheduled news');
  });

  it('when the sitemap is read, then it lists the FAQ and every published guide and post, not drafts or scheduled ones', async () => {
    const sitemap = (await request(await testApp()).get('/sitemap.xml')).text;
    expect(sitemap).to.contain('/faq</loc>').and.contain('/kb/connect-with-ssh</loc>').and.contain('/blog/new-location</loc>');
    expect(sitemap).to.not.contain('draft-guide').and.not.contain('future-guide').and.not.contain('scheduled-news');
  });
});
