import type { Router } from 'express';
import { asyncHandler } from '../../src/http/async.js';
import { sendAttachment } from '../../src/http/send-attachment.js';
import { isAppError } from '../../src/lib/errors.js';
import { openStaffAttachment } from '../../src/support/attachments/open-attachment.js';
import { requireStaff } from '../auth/require-staff.js';
import { staffCtx } from '../context.js';
import { isAllowed, roleOf } from '../rbac.js';

/** Path of a ticket file for staff (relative to ADMIN_PATHS.root). */
export const TICKET_ATTACHMENT_PATH = '/tickets/attachments/:id';

/**
 * GET /admin/tickets/attachments/:id: a ticket's file, for staff who work tickets (the `desk` grant: admin and
 * support; finance gets 404 like a missing file). Always a download, never rendered by the browser.
 */
export function mountTicketRoutes(router: Router): void {
  router.get(
    TICKET_ATTACHMENT_PATH,
    requireStaff,
    asyncHandler(async (req, res) => {
      const admin = req.session.adminUser;
      const id = Number(req.params.id);
      if (!isAllowed(roleOf(admin), 'tickets', 'desk') || !Number.isSafeInteger(id) || id <= 0) return void res.status(404).type('text/plain').send('File not found');
      try {
        const file = await openStaffAttachment(id, staffCtx(admin));
        sendAttachment(res, file);
      } catch (err) {
        if (!isAppError(err) || err.status !== 404) throw err;
        res.status(404).type('text/plain').send('File not found');
      }
    }),
  );
}
