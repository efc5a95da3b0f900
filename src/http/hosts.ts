import type { Request, RequestHandler } from 'express';
import { config } from '../../config/index.js';
import { NotFoundError } from '../lib/errors.js';
import { under, underAny } from './paths.js';

export type Surface = 'site' | 'account' | 'admin' | 'api' | 'webhooks';
type Hosts = ReturnType<typeof config>['hosts'];

/** Which surface a path belongs to; paths are the same on every host (`/account/...`). */
export function surfaceOfPath(path: string): Surface {
  if (under(path, '/account')) return 'account';
  if (under(path, '/admin')) return 'admin';
  if (under(path, '/api')) return 'api';
  if (under(path, '/webhooks')) return 'webhooks';
  return 'site';
}

const bare = (host: string | undefined) => host?.toLowerCase().replace(/:\d+$/, '') || undefined;

/** The host a surface is served on: its own when configured, else the marketing host, else any (undefined). */
export function hostOfSurface(surface: Surface, hosts: Hosts = config().hosts): string | undefined {
  const marketing = bare(hosts.marketing);
  if (surface === 'account' || surface === 'api') return bare(hosts.account) ?? marketing;
  if (surface === 'admin') return bare(hosts.admin) ?? marketing;
  if (surface === 'site') return marketing;
  return undefined;
}

/** The configured spelling of a host (keeps a port, for links). */
function spelled(host: string, hosts: Hosts): string {
  return [hosts.marketing, hosts.account, hosts.admin].find((h) => bare(h) === host) ?? host;
}

function configured(hosts: Hosts): string[] {
  return [hosts.marketing, hosts.account, hosts.admin].map(bare).filter((h): h is string => Boolean(h));
}

/** Whether `surface` is served on `host`: a configured host serves only its surfaces; other hosts serve the unassigned ones. */
export function servesSurface(host: string, surface: Surface, hosts: Hosts = config().hosts): boolean {
  if (surface === 'webhooks') return true;
  const expected = hostOfSurface(surface, hosts);
  return configured(hosts).includes(host) ? expected === host : expected === undefined;
}

/**
 * Host routing (MARKETING_HOST / ACCOUNT_HOST / ADMIN_HOST): each host serves only its part, the
 * bare root of the account and admin hosts redirects to `/account` and `/admin`, and another
 * surface's paths are 404. /healthz, /assets and /webhooks answer on every host.
 */
export function hostRouting(): RequestHandler {
  const hosts = config().hosts;
  const list = configured(hosts);
  return (req, res, next) => {
    if (list.length === 0 || underAny(req.path, ['/healthz', '/assets'])) return next();
    const host = (req.hostname ?? '').toLowerCase();
    if (req.path === '/' && host !== bare(hosts.marketing)) {
      if (host === bare(hosts.account)) return res.redirect(302, '/account');
      if (host === bare(hosts.admin)) return res.redirect(302, '/admin');
    }
    if (!servesSurface(host, surfaceOfPath(req.path), hosts)) return next(new NotFoundError('not_found', 'Page not found'));
    next();
  };
}

let parsedScheme: { appUrl: string; scheme: string } | undefined;

/** APP_URL's scheme ('https:'), parsed once per value: every page asks for it. */
function appScheme(appUrl: string): string {
  if (parsedScheme?.appUrl !== appUrl) parsedScheme = { appUrl, scheme: new URL(appUrl).protocol };
  return parsedScheme.scheme;
}

/**
 * Base URLs for links across hosts: '' when the current host serves that surface (relative links),
 * else `https://<host>` with APP_URL's scheme. Use as `{{hostUrls.account}}/account/login`.
 */
export function hostUrls(req: Request): { site: string; account: string; admin: string } {
  const hosts = config().hosts;
  const scheme = appScheme(config().appUrl);
  const host = req.hostname?.toLowerCase() ?? '';
  const base = (surface: Surface): string => {
    const target = hostOfSurface(surface, hosts);
    return !target || target === host || servesSurface(host, surface, hosts) ? '' : `${scheme}//${spelled(target, hosts)}`;
  };
  return { site: base('site'), account: base('account'), admin: base('admin') };
}

/** Absolute base URL of a surface (canonical links): its configured host with APP_URL's scheme, else APP_URL. */
export function surfaceBaseUrl(surface: Surface): string {
  const { appUrl, hosts } = config();
  const host = hostOfSurface(surface, hosts);
  return host ? `${appScheme(appUrl)}//${spelled(host, hosts)}` : appUrl;
}

/** Absolute base URL of the marketing site. */
export function siteBaseUrl(): string {
  return surfaceBaseUrl('site');
}
