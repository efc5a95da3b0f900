import express, { type Router } from 'express';
import { safeNextPath } from '../auth/safe-next.js';
import { THEME_COOKIE } from './locals.js';

const YEAR_MS = 365 * 86_400_000;

/**
 * The theme switch without JavaScript: the toggle is a GET form (`to`: light, dark or system; `back`:
 * the page to return to) that sets the same cookie public/js/app.js writes, then goes back. With
 * JavaScript the click is handled in the page and this route is never asked.
 */
export function themeRouter(fallback: string): Router {
  const router = express.Router();
  router.get('/', (req, res) => {
    const to = req.query.to;
    if (to === 'light' || to === 'dark') {
      res.cookie(THEME_COOKIE, to, { maxAge: YEAR_MS, sameSite: 'lax', secure: req.secure, path: '/' });
    } else if (to === 'system') {
      res.clearCookie(THEME_COOKIE, { path: '/' });
    }
    res.set('Cache-Control', 'no-store').redirect(303, safeNextPath(req.query.back, fallback));
  });
  return router;
}
