/** Where the back office lives; AdminJS's rootPath/loginPath/logoutPath and our sign-in routes use the same values. */
export const ADMIN_PATHS = {
  root: '/admin',
  login: '/admin/login',
  logout: '/admin/logout',
} as const;

/** The admin session cookie (its own cookie, scoped to ADMIN_PATHS.root). */
export const ADMIN_SESSION_COOKIE = 'ezs_admin';
