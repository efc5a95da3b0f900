// Session fields shared by every surface. Other areas add their own fields in their own .d.ts
// with the same `declare module 'express-session'` block (interfaces merge).
import 'express-session';

export type FlashType = 'success' | 'info' | 'warning' | 'error';

declare module 'express-session' {
  interface SessionData {
    /** users.id of the signed-in person; the DB store mirrors it into sessions.user_id. */
    userId?: number;
    /** 'portal' or 'admin'. */
    surface?: string;
    /** The synchronizer CSRF token of this session (src/http/csrf.ts). */
    csrfSecret?: string;
    /** Messages for the next rendered page (src/http/flash.ts). */
    flash?: Array<{ type: FlashType; message: string }>;
    /** users.id of the staff member impersonating `userId`, when impersonating. */
    impersonatorId?: number;
  }
}
