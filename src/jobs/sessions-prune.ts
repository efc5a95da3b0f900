import { Op } from 'sequelize';
import { SessionRecord } from '../models/index.js';
import type { Job } from './job.js';

/** Deletes expired database sessions (Redis expires its own). */
export const pruneSessionsJob: Job = {
  name: 'sessions:prune',
  schedule: '17 * * * *',
  description: 'Delete expired web sessions from the database store',
  async run(ctx) {
    const removed = await SessionRecord.destroy({ where: { expiresAt: { [Op.lt]: ctx.now } } });
    return { processed: removed, failed: 0 };
  },
};
