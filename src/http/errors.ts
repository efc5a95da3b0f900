import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { isAppError, NotFoundError } from '../lib/errors.js';
import { logger } from '../lib/logger.js';
import { baseLocals } from './locals.js';
import { under } from './paths.js';

/** What every surface shows for an error. */
export interface Problem {
  status: number;
  code: string;
  title: string;
  detail: string;
  details?: Record<string, unknown>;
  /** Unknown errors: logged with their cause, shown as a plain 500. */
  unexpected: boolean;
}

const PAGES = new Set([403, 404, 429, 500]);

function isZodError(err: unknown): err is { issues: Array<{ path: PropertyKey[]; message: string; code: string }> } {
  return err instanceof Error && err.name === 'ZodError' && Array.isArray((err as { issues?: unknown }).issues);
}

/** Maps any thrown value to a Problem: AppError, zod errors, body-parser/http errors, or an unexpected 500. */
export function toProblem(err: unknown): Problem {
  const title = (status: number) => STATUS_CODES[status] ?? 'Error';
  if (isAppError(err)) {
    return { status: err.status, code: err.code, title: title(err.status), detail: err.message, details: err.details, unexpected: err.status >= 500 && err.status !== 502 };
  }
  if (isZodError(err)) {
    const errors = err.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, code: i.code }));
    return { status: 422, code: 'validation_failed', title: title(422), detail: 'Some fields are missing or invalid.', details: { errors }, unexpected: false };
  }
  const http = err as { status?: unknown; statusCode?: unknown; expose?: unknown; type?: unknown; message?: unknown };
  const status = Number(http?.status ?? http?.statusCode);
  if (Number.isInteger(status) && status >= 400 && status < 500 && http.expose !== false) {
    const code = typeof http.type === 'string' ? http.type.replace(/\W+/g, '_') : (title(status).toLowerCase().replace(/\W+/g, '_') || 'bad_request');
    return { status, code, title: title(status), detail: typeof http.message === 'string' ? http.message : title(status), unexpected: false };
  }
  return { status: 500, code: 'internal_error', title: title(500), detail: 'Something went wrong on our side. We have been notified.', unexpected: true };
}

/** JSON for /api paths and for clients that send or ask for JSON. */
export function wantsJson(req: Request): boolean {
  if (under(req.path, '/api')) return true;
  if (req.is('application/json')) return true;
  return req.accepts(['html', 'json']) === 'json';
}

function log(req: Request, err: unknown, problem: Problem): void {
  const log = req.log ?? logger();
  if (problem.unexpected) log.error({ err, code: problem.code }, 'unhandled error');
  else if (problem.status >= 500) log.warn({ err, code: problem.code }, problem.detail);
  else log.debug({ code: problem.code, status: problem.status }, problem.detail);
}

/** Sends `application/problem+json` (RFC 9457) with our code and the request id. */
export function sendProblem(req: Request, res: Response, problem: Problem): void {
  res.status(problem.status).type('application/problem+json').json({
    type: `urn:ezscale:problem:${problem.code}`,
    title: problem.title,
    status: problem.status,
    code: problem.code,
    detail: problem.detail,
    ...(problem.details ? { details: problem.details } : {}),
    requestId: req.id,
  });
}

/** Renders `errors/<status>.hbs` (or `errors/error.hbs`) in the site layout; falls back to plain HTML. */
export function renderProblemPage(req: Request, res: Response, problem: Problem): void {
  baseLocals(req, res);
  const view = PAGES.has(problem.status) ? `errors/${problem.status}` : 'errors/error';
  const options = { layout: 'site', pageTitle: problem.title, problem, requestId: req.id, noindex: true };
  res.status(problem.status).set('Cache-Control', 'no-store');
  res.render(view, options, (renderErr: Error | null, html?: string) => {
    if (!renderErr) return void res.send(html);
    (req.log ?? logger()).error({ err: renderErr }, 'error page failed to render');
    res.type('html').send(`<!doctype html><html lang="en"><title>${problem.status}</title><h1>${problem.title}</h1><p>Request id: ${req.id}</p></html>`);
  });
}

/** problem+json for every error (the API surface). */
export const apiErrorHandler: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent) return next(err);
  const problem = toProblem(err);
  log(req, err, problem);
  sendProblem(req, res, problem);
};

/** An `errors/*.hbs` page (the portal and site surfaces), problem+json when the client wants JSON. */
export const pageErrorHandler: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent) return next(err);
  const problem = toProblem(err);
  log(req, err, problem);
  if (wantsJson(req)) sendProblem(req, res, problem);
  else renderProblemPage(req, res, problem);
};

/** The app's last handler: problem+json under /api, pages elsewhere. */
export const errorHandler: ErrorRequestHandler = (err, req, res, next) =>
  (under(req.path, '/api') ? apiErrorHandler : pageErrorHandler)(err, req, res, next);

/** Turns an unmatched request into a 404 for the error handler. */
export const notFoundHandler: RequestHandler = (_req, _res, next) => next(new NotFoundError('not_found', 'Page not found'));

