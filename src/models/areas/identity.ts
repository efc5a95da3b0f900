import { AdminNote } from '../admin-note.js';
import { ApiToken } from '../api-token.js';
import { AuthToken } from '../auth-token.js';
import { Customer } from '../customer.js';
import { KnownDevice } from '../known-device.js';
import { Passkey } from '../passkey.js';
import { RecoveryCode } from '../recovery-code.js';
import { SessionRecord } from '../session-record.js';
import { User } from '../user.js';

/** Users, customer profiles, second factors, tokens, sessions, notes. */
export const identityModels = [User, Customer, RecoveryCode, Passkey, AuthToken, KnownDevice, SessionRecord, AdminNote, ApiToken];

export function associateIdentity(): void {
  User.hasOne(Customer, { foreignKey: 'userId', as: 'customer' });
  Customer.belongsTo(User, { foreignKey: 'userId', as: 'user' });
  User.hasMany(RecoveryCode, { foreignKey: 'userId', as: 'recoveryCodes' });
  RecoveryCode.belongsTo(User, { foreignKey: 'userId', as: 'user' });
  User.hasMany(Passkey, { foreignKey: 'userId', as: 'passkeys' });
  Passkey.belongsTo(User, { foreignKey: 'userId', as: 'user' });
  User.hasMany(AuthToken, { foreignKey: 'userId', as: 'authTokens' });
  AuthToken.belongsTo(User, { foreignKey: 'userId', as: 'user' });
  User.hasMany(KnownDevice, { foreignKey: 'userId', as: 'knownDevices' });
  KnownDevice.belongsTo(User, { foreignKey: 'userId', as: 'user' });
  User.hasMany(SessionRecord, { foreignKey: 'userId', as: 'sessions' });
  SessionRecord.belongsTo(User, { foreignKey: 'userId', as: 'user' });
  Customer.hasMany(AdminNote, { foreignKey: 'customerId', as: 'notes' });
  AdminNote.belongsTo(Customer, { foreignKey: 'customerId', as: 'customer' });
  AdminNote.belongsTo(User, { foreignKey: 'authorId', as: 'author' });
  User.hasMany(ApiToken, { foreignKey: 'userId', as: 'apiTokens' });
  ApiToken.belongsTo(User, { foreignKey: 'userId', as: 'user' });
}
