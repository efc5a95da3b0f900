import type { ResourceWithOptions } from 'adminjs';
import type { Model, ModelStatic } from 'sequelize';
import * as models from '../../src/models/index.js';
import { billingResources } from './billing.js';
import { catalogResources } from './catalog.js';
import { defineResource, NAVIGATION, type ResourceSpec } from './define.js';
import { identityResources } from './identity.js';
import { operationsResources } from './operations.js';
import { systemResources } from './system.js';
import { ticketResources } from '../tickets/resource.js';

/**
 * Every back-office resource, in sidebar order (groups as in NAVIGATION). To add one: write a `ResourceSpec` (model export
 * name, group, editable attributes, options) in the area's file, and its grants in ROLE_MATRIX
 * (admin/rbac.ts; missing = admin only).
 */
const GROUP_ORDER = Object.keys(NAVIGATION);
export const RESOURCE_SPECS: readonly ResourceSpec[] = [
  ...identityResources,
  ...billingResources,
  // NOTE: tickets are defined in admin/tickets (queue and desk), replacing the plain resource of operations.ts.
  ...operationsResources.filter((spec) => spec.model !== 'Ticket'),
  ...ticketResources,
  ...catalogResources,
  ...systemResources,
].sort((a, b) => GROUP_ORDER.indexOf(a.group) - GROUP_ORDER.indexOf(b.group));

/** The model exported under `name`, if it exists and has been initialised (initModels). */
export function initialisedModel(name: string): ModelStatic<Model> | undefined {
  const candidate = (models as Record<string, unknown>)[name] as ModelStatic<Model> | undefined;
  if (typeof candidate !== 'function') return undefined;
  try {
    return candidate.sequelize && Object.keys(candidate.getAttributes()).length ? candidate : undefined;
  } catch {
    return undefined;
  }
}

/** The AdminJS resources whose models exist; the others are skipped (and listed, for the start-up log). */
export function adminResources(specs: readonly ResourceSpec[] = RESOURCE_SPECS): { resources: ResourceWithOptions[]; skipped: string[] } {
  const found = specs.map((spec) => ({ spec, model: initialisedModel(spec.model) }));
  const registered = new Set(found.flatMap(({ model }) => (model ? [model.tableName] : [])));
  return {
    resources: found.flatMap(({ spec, model }) => (model ? [defineResource(model, spec, registered)] : [])),
    skipped: found.filter(({ model }) => !model).map(({ spec }) => spec.model),
  };
}
