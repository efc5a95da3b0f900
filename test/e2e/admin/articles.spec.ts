import { expect } from 'chai';
import request from 'supertest';
import { clearPageCache } from '../../../portal/site/cache.js';
import { Article, AuditLog } from '../../../src/models/index.js';
import { resetDatabase } from '../../support/db.js';
import { testApp } from '../../support/http.js';
import { apiAction, createStaff, expectForbidden, signedIn } from './support.js';

describe('back office: articles for the knowledge base, FAQ and blog', () => {
  beforeEach(resetDatabase);

  it('when support writes and publishes a guide, then it is stored, audited and shown on the site; finance may not write one', async () => {
    const support = await signedIn(await createStaff('support'));
    const finance = await signedIn(await createStaff('finance'));
    const payload = {
      kind: 'kb', category: 'Networking', slug: 'add-an-ipv6-address', title: 'Add an IPv6 address',
      summary: 'Configure the IPv6 range of your VPS.', bodyMd: '## Netplan\n\nEdit `/etc/netplan/50-cloud-init.yaml`.', sortOrder: '1',
      publishedAt: new Date(Date.now() - 60_000).toISOString(),
    };
    expectForbidden(await apiAction(finance, 'articles', 'new', { payload }));
    expect(await Article.count()).to.equal(0);

    const created = await apiAction(support, 'articles', 'new', { payload });
    expect(created.body.notice?.type, JSON.stringify(created.body.notice)).to.equal('success');
    const article = await Article.findOne({ where: { slug: 'add-an-ipv6-address' }, rejectOnEmpty: true });
    expect(article).to.include({ kind: 'kb', category: 'Networking', title: 'Add an IPv6 address' });
    expect(await AuditLog.count({ where: { action: 'article.created', entityId: String(article.id) } })).to.be.greaterThan(0);

    clearPageCache();
    const kb = await request(await testApp()).get('/kb');
    expect(kb.text).to.contain('>Networking</h2>').and.contain('href="/kb/add-an-ipv6-address"');
    const page = await request(await testApp()).get('/kb/add-an-ipv6-address');
    expect(page.text).to.contain('<h2>Netplan</h2>');
  });

  it('when a slug is not lowercase words and dashes, then the article is refused with the field named', async () => {
    const admin = await signedIn(await createStaff('admin'));
    const res = await apiAction(admin, 'articles', 'new', { payload: { kind: 'news', slug: 'Bad Slug!', title: 'News', bodyMd: 'Text' } });
    expect(res.body.record?.errors).to.have.property('slug');
    expect(await Article.count()).to.equal(0);
  });
});
