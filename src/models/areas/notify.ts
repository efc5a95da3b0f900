import { EmailTemplate } from '../email-template.js';
import { MailOutbox } from '../mail-outbox.js';
import { Notification } from '../notification.js';
import { OutboxMessage } from '../outbox-message.js';
import { User } from '../user.js';

/** Notifications: in-app notifications, mail outbox, email templates, the generic outbox. */
export const notifyModels = [Notification, MailOutbox, EmailTemplate, OutboxMessage];

export function associateNotify(): void {
  User.hasMany(Notification, { foreignKey: 'userId', as: 'notifications' });
  Notification.belongsTo(User, { foreignKey: 'userId', as: 'user' });
  User.hasMany(MailOutbox, { foreignKey: 'userId', as: 'mails' });
  MailOutbox.belongsTo(User, { foreignKey: 'userId', as: 'user' });
  EmailTemplate.belongsTo(User, { foreignKey: 'updatedBy', as: 'editor' });
}
