import { Op } from 'sequelize';
import { recordAudit } from '../../src/audit/record-audit.js';
import { inTransaction, isUniqueViolation } from '../../src/db/transaction.js';
import { withTx, type Ctx } from '../../src/lib/context.js';
import { ConflictError, NotFoundError } from '../../src/lib/errors.js';
import { MailOutbox } from '../../src/models/index.js';

/**
 * Sends a captured mail again (staff action). A permanently failed one goes back to the queue as is
 * (only while still failed, so a repeat is a no-op); a sent one is queued again as a copy, at most
 * once a minute (its dedupe key carries the minute). Pending mail is on its way and is refused.
 */
export async function resendMail(mailId: number, ctx: Ctx): Promise<{ queued: boolean; mailId: number }> {
  return inTransaction(ctx, async (transaction) => {
    const mail = await MailOutbox.findByPk(mailId, { transaction });
    if (!mail) throw new NotFoundError('mail_not_found', `Mail ${mailId} not found`);
    const audit = (after: Record<string, unknown>) =>
      recordAudit({ action: 'mail.resent', entityType: 'mail', entityId: mail.id, before: { status: mail.status }, after }, withTx(ctx, transaction));

    if (mail.status === 'failed') {
      const [requeued] = await MailOutbox.update(
        { status: 'pending', attempts: 0, nextAttemptAt: ctx.now, claimedUntil: null, lastError: null },
        { where: { id: mail.id, status: 'failed' }, transaction },
      );
      if (requeued === 1) await audit({ status: 'pending' });
      return { queued: requeued === 1, mailId: mail.id };
    }
    if (mail.status !== 'sent') throw new ConflictError('mail_not_resendable', 'This mail has not been sent yet; it is still in the queue');

    const dedupeKey = `resend:${mail.id}:${ctx.now.toISOString().slice(0, 16)}`;
    if (await MailOutbox.findOne({ where: { dedupeKey: { [Op.eq]: dedupeKey } }, attributes: ['id'], transaction })) return { queued: false, mailId: mail.id };
    try {
      const copy = await MailOutbox.create(
        {
          toAddress: mail.toAddress,
          toName: mail.toName,
          replyTo: mail.replyTo,
          userId: mail.userId,
          template: mail.template,
          subject: mail.subject,
          html: mail.html,
          text: mail.text,
          attachments: mail.attachments,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: ctx.now,
          dedupeKey,
          context: mail.context,
        },
        { transaction },
      );
      await audit({ status: 'pending', copyId: copy.id });
      return { queued: true, mailId: copy.id };
    } catch (err) {
      if (isUniqueViolation(err)) return { queued: false, mailId: mail.id };
      throw err;
    }
  });
}
