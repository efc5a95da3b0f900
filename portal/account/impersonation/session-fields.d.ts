// Session fields of a staff member viewing the portal as a customer (with `impersonatorId`, src/http/session-types.d.ts).
import 'express-session';

declare module 'express-session' {
  interface SessionData {
    impersonation?: {
      /** audit_logs.id of `customer.impersonation_started`. */
      auditId: number;
      customerId: number;
      /** Epoch milliseconds. */
      startedAt: number;
    };
  }
}
