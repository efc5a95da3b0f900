import { BulkDeleteAction, DeleteAction, type Action, type ActionHandler, type ActionResponse, type After, type Before, type PropertyOptions, type ResourceOptions, type ResourceWithOptions } from 'adminjs';
import type { Model, ModelStatic } from 'sequelize';
import { applyRoleMatrix } from '../rbac.js';
import { BackOfficeResource, LIST_COUNT_CAP } from './adapter.js';
import { auditChange, snapshotForAudit } from './audit-hooks.js';
import { guardPayload, guardQuery } from './guards.js';
import { looksSecret, moneyFields, moneyProperties, presentResponse, type Presentation } from './present.js';

/** Sidebar groups of the back office. */
export const NAVIGATION = {
  Customers: { name: 'Customers', icon: 'Users' },
  Billing: { name: 'Billing', icon: 'CreditCard' },
  Provisioning: { name: 'Provisioning', icon: 'Server' },
  Support: { name: 'Support', icon: 'LifeBuoy' },
  Catalog: { name: 'Catalog', icon: 'Package' },
  System: { name: 'System', icon: 'Settings' },
} as const;
export type NavGroup = keyof typeof NAVIGATION;

type AnyAction = Partial<Action<ActionResponse>>;

/** One back-office resource: a model (by its export name in src/models) and how staff see it. */
export interface ResourceSpec {
  /** Export name in src/models/index.ts; the resource is skipped while that model is missing. */
  model: string;
  group: NavGroup;
  /** Attributes staff may set (new/edit); every other payload key is dropped. Omit for a read-only resource. */
  editable?: string[];
  /** Editable attributes only the admin role may change (e.g. users.role). */
  adminOnly?: string[];
  /** Attributes never sent to the browser, besides secret-looking ones (*Hash, *Enc, password, secret, token...). */
  hidden?: string[];
  /** Secret-looking attribute names that are safe to show (e.g. apiTokens.tokenPrefix). */
  reveal?: string[];
  /** Whether staff may create rows (default: when `editable` is set). */
  creatable?: boolean;
  /** False when the resource's actions call operations that write their own audit rows. */
  audit?: boolean;
  /**
   * A table that grows without bound (invoices, ledger, mail): its list counts at most LIST_COUNT_CAP + 1 rows,
   * reads pages by id first (BackOfficeResource), and sorts only by `id` and the `sortable` attributes.
   */
  largeTable?: boolean;
  /** For a large table: attributes that lead an index, so sorting by them reads a page from the index. */
  sortable?: string[];
  options?: Omit<ResourceOptions, 'actions' | 'navigation' | 'properties'>;
  properties?: Record<string, PropertyOptions>;
  /** Custom actions and additions to built-in ones (hook order: see `merge`). */
  actions?: Record<string, AnyAction>;
  mask?: Presentation['mask'];
  recordId?: Presentation['recordId'];
}

/** AdminJS's delete, answering "still referenced" (a RESTRICT foreign key) with a notice instead of a 500. */
function deleteUnlessReferenced(handler: ActionHandler<ActionResponse>): ActionHandler<ActionResponse> {
  return async (request, response, context) => {
    try {
      return await handler(request, response, context);
    } catch (err) {
      if ((err as Error).name !== 'SequelizeForeignKeyConstraintError') throw err;
      const { record, records = [], currentAdmin } = context;
      return {
        record: record?.toJSON(currentAdmin),
        records: records.map((r) => r.toJSON(currentAdmin)),
        notice: { message: 'stillReferenced', type: 'error' },
      };
    }
  };
}

/** `AdminNote` -> `admin_note`: the audit log's entity type. */
export const entityTypeOf = (modelName: string) => modelName.replace(/(?<=[a-z0-9])([A-Z])/g, '_$1').toLowerCase();

const asList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/**
 * Our hooks around the resource's own: `before` ours first (payload guards, so own hooks may add
 * server-set fields), or last with `guardLast` (query guards check the query the own hooks built);
 * `after` always last (presentation strips secrets from whatever the own hooks returned).
 */
function merge(own: AnyAction | undefined, add: { before?: Before[]; guardLast?: boolean; after?: After<ActionResponse>[]; isAccessible?: boolean }): AnyAction {
  const ours = add.before ?? [];
  return {
    ...own,
    ...(add.isAccessible === false ? { isAccessible: false } : {}),
    before: add.guardLast ? [...asList(own?.before), ...ours] : [...ours, ...asList(own?.before)],
    after: [...asList(own?.after), ...(add.after ?? [])],
  };
}

/**
 * Editable attributes with a plain default in the model (a number, text or flag): staff may leave them empty. Money
 * (`*Minor`) is never among them: an amount left empty must not become a price of 0.
 */
function plainDefaults(model: ModelStatic<Model>, editable: readonly string[]): Record<string, unknown> {
  const attributes = model.getAttributes();
  return Object.fromEntries(editable.flatMap((name) => {
    const value: unknown = attributes[name]?.defaultValue;
    return !/Minor/.test(name) && ['number', 'string', 'boolean'].includes(typeof value) ? [[name, value]] : [];
  }));
}

/** A new record's fields left empty take the model's default (the form sends them as empty text). */
function fillDefaults(defaults: Readonly<Record<string, unknown>>): Before {
  return async (request) => {
    if (request.method !== 'post' || !request.payload) return request;
    const payload: Record<string, unknown> = { ...request.payload };
    for (const [name, value] of Object.entries(defaults)) if (payload[name] === undefined || payload[name] === '') payload[name] = value;
    return { ...request, payload };
  };
}

/**
 * A model with its AdminJS options: role matrix on every action, secrets out, money formatted,
 * changes audited. `registered` holds the table names of every resource of this back office.
 */
export function defineResource(model: ModelStatic<Model>, spec: ResourceSpec, registered: ReadonlySet<string>): ResourceWithOptions {
  const resourceId = model.tableName;
  const attributes = Object.keys(model.getAttributes());
  const reveal = new Set(spec.reveal ?? []);
  const hidden = new Set([...attributes.filter((a) => looksSecret(a) && !reveal.has(a)), ...(spec.hidden ?? [])]);
  const editable = (spec.editable ?? []).filter((a) => !hidden.has(a));
  const money = moneyFields(attributes);
  const present = presentResponse({ hidden, money, mask: spec.mask, recordId: spec.recordId });
  const entity = entityTypeOf(model.name);
  const readOnly = spec.editable === undefined;
  const own = spec.actions ?? {};
  const audited = (verb: 'created' | 'updated' | 'deleted') => (spec.audit === false ? [] : [auditChange(entity, verb)]);
  const snapshot = spec.audit === false ? [] : [snapshotForAudit];

  const hiddenProps: Record<string, PropertyOptions> = Object.fromEntries([...hidden].map((a) => [a, { isVisible: false }]));
  const properties: Record<string, PropertyOptions> = { ...moneyProperties(money, editable), ...hiddenProps, ...spec.properties };
  const defaults = plainDefaults(model, editable);
  for (const name of Object.keys(defaults)) properties[name] = { isRequired: false, ...properties[name] };
  // NOTE: on a table of millions of rows, sorting by a column no index leads is a full sort per page.
  const sortable = spec.largeTable ? new Set(['id', ...(spec.sortable ?? [])]) : null;
  for (const attribute of sortable ? attributes.filter((a) => !sortable.has(a)) : []) properties[attribute] = { isSortable: false, ...properties[attribute] };

  const actions: Record<string, AnyAction> = {
    list: merge(own.list, { before: [guardQuery(hidden, sortable)], guardLast: true, after: [present] }),
    search: merge(own.search, { before: [guardQuery(hidden, sortable)], guardLast: true, after: [present] }),
    show: merge(own.show, { after: [present] }),
    new: merge(own.new, {
      isAccessible: readOnly || spec.creatable === false ? false : undefined,
      before: [guardPayload(editable, spec.adminOnly), fillDefaults(defaults)],
      after: [...audited('created'), present],
    }),
    edit: merge(own.edit, {
      isAccessible: readOnly ? false : undefined,
      before: [...snapshot, guardPayload(editable, spec.adminOnly)],
      after: [...audited('updated'), present],
    }),
    delete: { handler: deleteUnlessReferenced(DeleteAction.handler as ActionHandler<ActionResponse>), ...merge(own.delete, { before: snapshot, after: [...audited('deleted'), present] }) },
    bulkDelete: { handler: deleteUnlessReferenced(BulkDeleteAction.handler as ActionHandler<ActionResponse>), ...merge(own.bulkDelete, { before: snapshot, after: [...audited('deleted'), present] }) },
  };
  for (const [name, action] of Object.entries(own)) {
    if (!(name in actions)) actions[name] = merge(action, { after: [present] });
  }

  return {
    resource: new BackOfficeResource(model as unknown as typeof Model, registered, spec.largeTable ? LIST_COUNT_CAP : null, sortable ?? undefined),
    options: {
      ...spec.options,
      navigation: NAVIGATION[spec.group],
      editProperties: spec.options?.editProperties ?? editable,
      properties,
      actions: applyRoleMatrix(resourceId, actions),
    },
  };
}
