import type { ActionResponse } from 'adminjs';
import { isAppError } from '../../src/lib/errors.js';
import { isSettingKey, parseSettingInput, setSetting, settingDefinition } from '../../src/settings/index.js';
import { staffCtx } from '../context.js';
import type { ResourceSpec } from './define.js';

/** Settings (through setSetting; secrets write-only), the audit log and captured mail. */

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
      listProperties: ['id', 'createdAt', 'actorType', 'actorId', 'action', 'entityType', 'entityId'],
      filterProperties: ['actorId', 'actorType', 'impersonatorId', 'action', 'entityType', 'entityId', 'requestId', 'createdAt'],
      sort: { sortBy: 'id', direction: 'desc' },
    },
  },
  {
    model: 'MailOutbox',
    group: 'System',
    options: {
      titleProperty: 'subject',
      listProperties: ['id', 'toAddress', 'subject', 'template', 'status', 'sentAt', 'createdAt'],
      filterProperties: ['toAddress', 'userId', 'template', 'subject', 'status', 'createdAt'],
      sort: { sortBy: 'id', direction: 'desc' },
    },
    properties: { text: { type: 'textarea' }, html: { type: 'textarea' } },
  },
];
