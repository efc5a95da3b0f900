import type { ActionResponse } from 'adminjs';
import { isAppError } from '../../src/lib/errors.js';
import { isSettingKey, parseSettingInput, setSetting, settingDefinition } from '../../src/settings/index.js';
import { staffCtx } from '../context.js';
import { noInput } from '../actions/inputs.js';
import { operationAction } from '../actions/operation-action.js';
import { listAuditLog } from '../audit/list.js';
import { Components } from '../component-loader.js';
import { resendMail } from '../operations/resend-mail.js';
import { ADMIN_PATHS } from '../paths.js';
import { STAFF_ROUTES } from '../staff-routes.js';
import type { ResourceSpec } from './define.js';
import { staffNotificationOnly, staffNotificationsOnly } from './staff-notifications.js';
import { markAllReadAction } from '../notifications-bell.js';

/** Settings (through setSetting; secrets write-only), the audit log, captured mail and staff notifications. */

const SECRET_SET = '•••••••• (set)';

/** A secret setting's value is never sent, only whether one is stored. */
const maskSecretSetting = (params: Record<string, unknown>) =>
  params.encrypted === true || params.type === 'secret' ? { ...params, value: params.value == null ? null : SECRET_SET } : params;

export const systemResources: ResourceSpec[] = [
  {
    model: 'Setting',
    group: 'System',
    editable: ['value'],
    creatable: false,
    // NOTE: setSetting validates, encrypts secrets and writes the audit row (with secrets masked).
    audit: false,
    mask: maskSecretSetting,
    options: {
      titleProperty: 'key',
      listProperties: ['key', 'value', 'type', 'encrypted', 'updatedBy', 'updatedAt'],
      filterProperties: ['key', 'type'],
      sort: { sortBy: 'key', direction: 'asc' },
    },
    properties: { value: { type: 'textarea', description: 'Secrets are write-only: leave empty to keep the stored one.' } },
    actions: {
      edit: {
        handler: async (request, _response, { record, resource, currentAdmin, h }): Promise<ActionResponse> => {
          if (!record) throw new Error('edit without a record');
          const key = String(record.id());
          if (request.method !== 'post') return { record: record.toJSON(currentAdmin) };
          if (!isSettingKey(key)) return { record: record.toJSON(currentAdmin), notice: { message: 'unknownSetting', type: 'error' } };
          const def = settingDefinition(key);
          const raw = request.payload?.value;
          const back = h.resourceUrl({ resourceId: resource.id() });
          if (def.secret && (raw === undefined || raw === null || raw === '')) {
            return { record: record.toJSON(currentAdmin), redirectUrl: back, notice: { message: 'secretKept', type: 'info' } };
          }
          try {
            await setSetting(key, parseSettingInput(def, String(raw ?? '')) as never, staffCtx(currentAdmin));
          } catch (err) {
            if (!isAppError(err) || err.status !== 422) throw err;
            return { record: { ...record.toJSON(currentAdmin), errors: { value: { message: err.message } } }, notice: { message: err.message, type: 'error' } };
          }
          const fresh = (await resource.findOne(key)) ?? record;
          return { record: fresh.toJSON(currentAdmin), redirectUrl: back, notice: { message: 'successfullyUpdated', type: 'success' } };
        },
      },
    },
  },
  {
    model: 'AuditLog',
    group: 'System',
    options: {
      listProperties: ['id', 'createdAt', 'actorType', 'actorId', 'impersonatorId', 'action', 'entityType', 'entityId', 'reason'],
      filterProperties: ['actorId', 'actorType', 'impersonatorId', 'action', 'entityType', 'entityId', 'requestId', 'createdAt'],
      showProperties: ['id', 'createdAt', 'actorType', 'actorId', 'impersonatorId', 'action', 'entityType', 'entityId', 'reason', 'changes', 'ip', 'userAgent', 'requestId'],
      sort: { sortBy: 'id', direction: 'desc' },
    },
    properties: {
      // Before/after side by side, only the keys that changed (recordAudit keeps no others).
      changes: { type: 'string', isVisible: { list: false, filter: false, edit: false, show: true }, components: { show: Components.AuditDiff } },
    },
    actions: {
      list: { handler: listAuditLog },
      exportCsv: {
        actionType: 'resource',
        icon: 'Download',
        component: Components.AuditExport,
        // NOTE: opened from the list, so the list's filters come along in the URL (the download uses them).
        showInDrawer: true,
        custom: { href: `${ADMIN_PATHS.root}${STAFF_ROUTES.auditLogCsv}` },
        handler: async () => ({}),
      },
    },
  },
  {
    model: 'MailOutbox',
    group: 'System',
    largeTable: true,
    sortable: ['status', 'userId', 'template', 'createdAt'],
    options: {
      titleProperty: 'subject',
      listProperties: ['id', 'toAddress', 'subject', 'template', 'status', 'attempts', 'sentAt', 'createdAt'],
      filterProperties: ['toAddress', 'userId', 'template', 'subject', 'status', 'lastError', 'createdAt'],
      showProperties: ['id', 'toAddress', 'toName', 'replyTo', 'subject', 'template', 'status', 'attempts', 'lastError', 'sentAt', 'messageId', 'createdAt', 'message'],
      sort: { sortBy: 'id', direction: 'desc' },
    },
    properties: {
      // The captured message as the customer reads it (HTML in a sandboxed frame, the text part below).
      message: { type: 'string', isVisible: { list: false, filter: false, edit: false, show: true }, components: { show: Components.MailPreview } },
      lastError: { type: 'textarea' },
    },
    actions: {
      resend: operationAction({
        icon: 'Send',
        guard: 'confirmResendMail',
        when: (p) => p.status === 'failed' || p.status === 'sent',
        input: noInput,
        run: (id, _input, ctx) => resendMail(id, ctx),
        done: 'mailResent',
      }),
    },
  },
  {
    model: 'Notification',
    group: 'System',
    largeTable: true,
    sortable: ['userId', 'createdAt'],
    options: {
      titleProperty: 'title',
      listProperties: ['id', 'userId', 'type', 'title', 'readAt', 'createdAt'],
      filterProperties: ['userId', 'type', 'title', 'readAt', 'createdAt'],
      sort: { sortBy: 'id', direction: 'desc' },
    },
    properties: { body: { type: 'textarea' } },
    // Staff notifications only: customers' bells are theirs (their portal shows them).
    actions: { list: { before: [staffNotificationsOnly] }, show: { before: [staffNotificationOnly] }, markAllRead: markAllReadAction },
  },
];
