// Request fields set by portal/middleware/load-customer.ts for the customer portal.
import 'express';
import type { Customer, User as UserModel } from '../models/index.js';

declare global {
  namespace Express {
    /** `req.user` is the signed-in customer's users row (the interface @types/passport declares). */
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends UserModel {}
    interface Request {
      /** The signed-in customer's profile (null for an account without one). */
      customer?: Customer | null;
    }
  }
}
