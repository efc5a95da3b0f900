import 'express-session';

declare module 'express-session' {
  interface SessionData {
    /** A token just created, shown once on the next page and then forgotten. */
    newApiToken?: string;
  }
}
