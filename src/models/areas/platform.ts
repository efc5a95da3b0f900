import { Article } from '../article.js';
import { AuditLog } from '../audit-log.js';
import { ContactMessage } from '../contact-message.js';
import { IdempotencyRecord } from '../idempotency-record.js';
import { JobLock } from '../job-lock.js';
import { MrrSnapshot } from '../mrr-snapshot.js';
import { Setting } from '../setting.js';
import { StatusCheck } from '../status-check.js';
import { User } from '../user.js';
import { WhmcsImportMap } from '../whmcs-import-map.js';

/** Platform: settings, audit log, idempotency records, job locks, contact messages, articles, WHMCS map, MRR snapshots. */
export const platformModels = [Setting, AuditLog, IdempotencyRecord, JobLock, ContactMessage, Article, WhmcsImportMap, MrrSnapshot, StatusCheck];

export function associatePlatform(): void {
  Setting.belongsTo(User, { foreignKey: 'updatedBy', as: 'editor' });
  AuditLog.belongsTo(User, { foreignKey: 'actorId', as: 'actor' });
  AuditLog.belongsTo(User, { foreignKey: 'impersonatorId', as: 'impersonator' });
  User.hasMany(Article, { foreignKey: 'authorId', as: 'articles' });
  Article.belongsTo(User, { foreignKey: 'authorId', as: 'author' });
}
