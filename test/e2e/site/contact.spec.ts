import { expect } from 'chai';
import { ContactMessage } from '../../../src/models/index.js';
import { resetDatabase } from '../../support/db.js';
import { agentWithCsrf, testApp } from '../../support/http.js';

const VALID = { name: 'Ada Lovelace', email: 'Ada@Example.test', subject: 'Custom build', message: 'Can you quote a 2 x EPYC server in Frankfurt?' };

describe('site e2e: contact form', function () {
  this.timeout(120_000);
  beforeEach(resetDatabase);

  it('when required fields are missing, then 422 shows the errors and keeps what was typed', async () => {
    const { agent, csrfToken } = await agentWithCsrf(await testApp(), '/contact');
    const res = await agent.post('/contact').type('form').send({ _csrf: csrfToken, name: '', email: 'not-an-email', subject: 'Keep me', message: 'short' });
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('Tell us your name.');
    expect(res.text).to.contain('Enter a valid email address');
    expect(res.text).to.contain('value="not-an-email"');
    expect(res.text).to.contain('value="Keep me"');
    expect(res.text).to.contain('>short</textarea>');
    expect(await ContactMessage.count()).to.equal(0);
  });

  it('when the honeypot is filled, then the visitor sees success but no message is stored', async () => {
    const { agent, csrfToken } = await agentWithCsrf(await testApp(), '/contact');
    const res = await agent.post('/contact').type('form').send({ _csrf: csrfToken, ...VALID, website: 'http://spam.example' });
    expect(res.status).to.equal(303);
    expect(await ContactMessage.count()).to.equal(0);
  });

  it('when the form is valid, then the message is stored and a success flash is shown', async () => {
    const { agent, csrfToken } = await agentWithCsrf(await testApp(), '/contact');
    const res = await agent.post('/contact').type('form').send({ _csrf: csrfToken, ...VALID, website: '' });
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal('/contact');
    const rows = await ContactMessage.findAll();
    expect(rows).to.have.length(1);
    expect(rows[0]!.email).to.equal('ada@example.test');
    expect(rows[0]!.status).to.equal('new');
    expect((await agent.get('/contact')).text).to.contain('your message is on its way');
  });

  it('when the CSRF token is missing, then the form is refused and nothing is stored', async () => {
    const { agent } = await agentWithCsrf(await testApp(), '/contact');
    const res = await agent.post('/contact').type('form').send(VALID);
    expect(res.status).to.equal(403);
    expect(await ContactMessage.count()).to.equal(0);
  });
});
