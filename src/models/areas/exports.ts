export { User } from '../user.js';
export { Customer, type EmailPreferences } from '../customer.js';
export { RecoveryCode } from '../recovery-code.js';
export { Passkey } from '../passkey.js';
export { AuthToken } from '../auth-token.js';
export { KnownDevice } from '../known-device.js';
export { SessionRecord } from '../session-record.js';
export { AdminNote } from '../admin-note.js';
export { ApiToken } from '../api-token.js';
