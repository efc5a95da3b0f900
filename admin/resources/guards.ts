import { flat, type Before } from 'adminjs';
import { roleOf } from '../rbac.js';
import { looksSecret } from './present.js';

/**
 * Server-side limits on what a request may touch. AdminJS filters, sorts and saves any property
 * named in the request, visible or not, so each list/search request and each saved payload is cut
 * down here (a LIKE filter on a hash column would otherwise be an oracle for its value).
 */

const rootOf = (key: string) => key.split(/\.|~~/)[0]!;

/**
 * list/search: drops filters, sorting and search on hidden or secret columns and on names that are not
 * columns; with `sortable`, sorting by any other column too.
 */
export function guardQuery(hidden: ReadonlySet<string>, sortable: ReadonlySet<string> | null = null): Before {
  return (request, context) => {
    const usable = (key: unknown) =>
      typeof key === 'string' && !hidden.has(rootOf(key)) && !looksSecret(rootOf(key)) && !!context.resource.property(rootOf(key));
    const query = flat.unflatten(request.query ?? {}) as Record<string, unknown>;
    const filters = (query.filters && typeof query.filters === 'object' ? query.filters : {}) as Record<string, unknown>;
    const safe = Object.fromEntries(Object.entries(filters).filter(([key]) => usable(key)));
    if (query.sortBy !== undefined && (!usable(query.sortBy) || (sortable && !sortable.has(rootOf(String(query.sortBy)))))) delete query.sortBy;
    if (query.searchProperty !== undefined && !usable(query.searchProperty)) delete query.searchProperty;
    return { ...request, query: flat.flatten({ ...query, filters: safe }) };
  };
}

/** new/edit: keeps only the editable attributes of the payload; `adminOnly` ones only for the admin role. */
export function guardPayload(editable: readonly string[], adminOnly: readonly string[] = []): Before {
  return (request, context) => {
    if (request.method !== 'post') return request;
    const isAdmin = roleOf(context.currentAdmin) === 'admin';
    const allowed = (root: string) => editable.includes(root) && (isAdmin || !adminOnly.includes(root));
    const payload = Object.fromEntries(Object.entries(request.payload ?? {}).filter(([key]) => allowed(key.split('.')[0]!)));
    return { ...request, payload };
  };
}
