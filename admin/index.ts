import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import express, { type Request, type RequestHandler, type Router } from 'express';
import AdminJS, { type AdminJSOptions } from 'adminjs';
import AdminJSExpress from '@adminjs/express';
import { config } from '../config/index.js';
import { sessionMiddleware } from '../src/http/session.js';
import { logger } from '../src/lib/logger.js';
import { initModels } from '../src/models/index.js';
import { refuseCrossSite } from './auth/cross-site.js';
import { requireStaff } from './auth/require-staff.js';
import { mountSignInRoutes } from './auth/routes.js';
import { prepareComponentsBundle } from './bundle.js';
import { Components, componentLoader } from './component-loader.js';
import { withRequestFacts } from './context.js';
import { dashboardData } from './dashboard.js';
import { locale } from './locale.js';
import { ADMIN_PATHS, ADMIN_SESSION_COOKIE } from './paths.js';
import { adminResources } from './resources/index.js';
import { mountStaffRoutes } from './staff-routes.js';
import { mountTicketRoutes } from './tickets/attachment-route.js';
import { mountReportRoutes } from './reports/download-route.js';
import { reportsPage } from './reports/page.js';
import { emailTemplatesPage } from './templates/page.js';

export { ADMIN_PATHS, ADMIN_SESSION_COOKIE } from './paths.js';

/** AdminJS options of the back office: paths, branding, labels, dashboard and the resources whose models exist. */
export function adminOptions(): AdminJSOptions {
  initModels();
  const { resources, skipped } = adminResources();
  if (skipped.length) logger().info({ skipped }, 'back office: resources skipped until their models exist');
  return {
    rootPath: ADMIN_PATHS.root,
    loginPath: ADMIN_PATHS.login,
    logoutPath: ADMIN_PATHS.logout,
    componentLoader,
    resources,
    dashboard: { component: Components.Dashboard, handler: async () => dashboardData() },
    pages: { reports: reportsPage, emailTemplates: emailTemplatesPage },
    branding: { companyName: config().appName, logo: false, withMadeWithLove: false },
    version: { admin: false },
    locale,
    settings: { defaultPerPage: 25 },
  };
}

/**
 * The back office, to mount at ADMIN_PATHS.root ('/admin') before any body parser: its own session
 * (cookie `ezs_admin`), the staff sign-in (password, then TOTP, enrolment when missing) and sign-out,
 * then AdminJS for signed-in staff only.
 */
export async function buildAdminRouter(): Promise<Router> {
  prepareComponentsBundle();
  const admin = new AdminJS(adminOptions());
  const router = express.Router();
  router.use(sessionMiddleware({ name: ADMIN_SESSION_COOKIE, surface: 'admin', path: ADMIN_PATHS.root }));
  router.use(withRequestFacts);
  router.use(refuseCrossSite);
  mountSignInRoutes(router);
  mountStaffRoutes(router);
  mountTicketRoutes(router);
  mountReportRoutes(router);
  router.use(requireStaff, dropUploadsWhenDone, AdminJSExpress.buildRouter(admin, null, { maxFileSize: UPLOAD_LIMIT_BYTES, uploadDir: ADMIN_UPLOAD_DIR }));
  return router;
}

/** Where the multipart parser writes the files of back-office forms while a request runs (made when one arrives). */
export const ADMIN_UPLOAD_DIR = path.join(os.tmpdir(), 'ezscale-admin-uploads');

/** The most a back-office form may upload (ticket desk attachments are checked to their own limits first). */
const UPLOAD_LIMIT_BYTES = 50 * 1024 * 1024;

/**
 * Deletes the temporary copies the multipart parser wrote for a back-office request once its response
 * is over: actions keep what they need (ticket attachments are copied into storage), nothing else does,
 * and a refused or failed request leaves nothing behind either.
 */
const dropUploadsWhenDone: RequestHandler = (req, res, next) => {
  if (req.is('multipart/form-data')) {
    // NOTE: made on use, so a temporary-files cleaner that removed the folder breaks nothing.
    fs.mkdir(ADMIN_UPLOAD_DIR, { recursive: true }).then(() => next(), next);
  } else {
    next();
  }
  res.on('close', () => {
    const files = (req as Request & { files?: Record<string, unknown> }).files ?? {};
    for (const value of Object.values(files).flat()) {
      const temp = (value as { path?: unknown } | null)?.path;
      if (typeof temp === 'string' && temp !== '') void fs.rm(temp, { force: true }).catch(() => undefined);
    }
  });
};
