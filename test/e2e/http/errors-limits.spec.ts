import { expect } from 'chai';
import express, { type Express } from 'express';
import request from 'supertest';
import { z } from 'zod';
import { asyncHandler } from '../../../src/http/async.js';
import { rateLimiter } from '../../../src/http/rate-limit.js';
import { ConflictError } from '../../../src/lib/errors.js';
import { buildTestApp } from '../../support/http.js';

const limited = rateLimiter({ name: `test-${process.pid}-${Date.now()}`, windowMs: 60_000, limit: 2 });

function failingRouter(): express.Router {
  const router = express.Router();
  router.get('/conflict', asyncHandler(async () => {
    throw new ConflictError('invoice_already_paid', 'This invoice is already paid');
  }));
  router.get('/boom', asyncHandler(async () => {
    throw new Error('database password is hunter2');
  }));
  router.get('/invalid', (req, res) => res.json(z.object({ email: z.email() }).strict().parse(req.query)));
  router.get('/limited', limited, (_req, res) => res.send('fine'));
  return router;
}

describe('error handling and rate limits', () => {
  let app: Express;

  before(async () => {
    app = await buildTestApp({
      surfaces: ['site', 'api'],
      extraRouters: [
        { path: '/api/test', router: failingRouter(), stage: 'raw' },
        { path: '/test', router: failingRouter() },
      ],
    });
  });

  it('when an API route throws an AppError, then the client gets problem+json with its status and code', async () => {
    const res = await request(app).get('/api/test/conflict').expect(409);
    expect(res.type).to.equal('application/problem+json');
    expect(res.body).to.include({ status: 409, code: 'invoice_already_paid', title: 'Conflict', detail: 'This invoice is already paid' });
    expect(res.body.type).to.be.a('string');
    expect(res.body.requestId).to.equal(res.headers['x-request-id']);
  });

  it('when an API route fails unexpectedly, then the client gets a plain 500 without internals', async () => {
    const res = await request(app).get('/api/test/boom').expect(500);
    expect(res.body).to.include({ status: 500, code: 'internal_error' });
    expect(JSON.stringify(res.body)).not.to.contain('hunter2');
  });

  it('when input fails its zod schema, then the answer is 422 with the invalid fields', async () => {
    const res = await request(app).get('/api/test/invalid?email=nope').expect(422);
    expect(res.body.code).to.equal('validation_failed');
    expect(res.body.details.errors[0].path).to.equal('email');
  });

  it('when a page fails unexpectedly, then the visitor sees the 500 page with a reference and no internals', async () => {
    const res = await request(app).get('/test/boom').expect(500);
    expect(res.type).to.equal('text/html');
    expect(res.text).to.contain('Something went wrong on our side');
    expect(res.text).to.contain(String(res.headers['x-request-id']));
    expect(res.text).not.to.contain('hunter2');
  });

  it('when a page raises an AppError, then the generic error page shows its message', async () => {
    const res = await request(app).get('/test/conflict').expect(409);
    expect(res.text).to.contain('This invoice is already paid');
  });

  it('when a client goes over the limit, then it gets 429 with Retry-After, as a page or as problem+json', async () => {
    await request(app).get('/test/limited').expect(200);
    await request(app).get('/test/limited').expect(200);
    const page = await request(app).get('/test/limited').expect(429);
    expect(page.text).to.contain('Slow down');
    expect(page.headers['retry-after']).to.match(/^\d+$/);
    const json = await request(app).get('/test/limited').set('Accept', 'application/json').expect(429);
    expect(json.type).to.equal('application/problem+json');
    expect(json.body.code).to.equal('rate_limited');
  });
});
