import type { ActionResponse, After, PropertyOptions, RecordJSON } from 'adminjs';
import { config } from '../../config/index.js';
import { isSecretKey } from '../../src/audit/record-audit.js';
import { formatMinor } from '../../src/http/helpers.js';

/**
 * What leaves the server for a record: secrets never (AdminJS sends every param of a record,
 * whatever `isVisible` says, so they are removed from each response), money as formatted strings.
 */

/** Secret-looking attribute names (the audit log's rule, plus stored hashes). */
export function looksSecret(key: string): boolean {
  return isSecretKey(key) || /Hash$/.test(key);
}

/** A money attribute (`amountMinor`, `overageRateMinorPerGb`) and the name of its formatted twin. */
export interface MoneyField {
  raw: string;
  display: string;
}

/**
 * The `*Minor*` attributes of a model that has a `currency` column, each with a display name that
 * does not clash with an attribute. Without a currency column amounts stay raw minor units.
 */
export function moneyFields(attributes: readonly string[]): MoneyField[] {
  if (!attributes.includes('currency')) return [];
  return attributes
    .filter((name) => /Minor/.test(name))
    .map((raw) => {
      const base = raw.replace('Minor', '');
      return { raw, display: attributes.includes(base) ? `${base}Display` : base };
    });
}

/** Property options: the formatted twin in list/show, the raw minor units only where they may be edited. */
export function moneyProperties(fields: MoneyField[], editable: readonly string[]): Record<string, PropertyOptions> {
  const out: Record<string, PropertyOptions> = {};
  for (const { raw, display } of fields) {
    out[display] = { type: 'string', isSortable: false, isVisible: { list: true, show: true, edit: false, filter: false } };
    out[raw] = {
      type: 'number',
      description: 'Integer minor units (cents)',
      isVisible: { list: false, show: false, filter: true, edit: editable.includes(raw) },
    };
  }
  return out;
}

function formatted(minor: unknown, currency: unknown): string | null {
  if (minor === null || minor === undefined || minor === '') return null;
  const code = typeof currency === 'string' && /^[A-Z]{3}$/.test(currency) ? currency : config().baseCurrency;
  try {
    return formatMinor(minor, code);
  } catch {
    return `${String(minor)} (minor units, ${code})`;
  }
}

export interface Presentation {
  /** Attribute names never sent (secret-looking ones and the resource's own hidden list). */
  hidden: ReadonlySet<string>;
  money: MoneyField[];
  /** Row-level masking, e.g. a secret setting's value. */
  mask?: (params: Record<string, unknown>) => Record<string, unknown>;
  /** Rewrites the record id (e.g. a session's id, which must not leave the server). */
  recordId?: (params: Record<string, unknown>) => string;
}

/** Flattened keys (`panelConfig.apiKey`) are dropped when their root is hidden or any nested part looks secret. */
function clean(params: Record<string, unknown>, hidden: (root: string) => boolean): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(params).filter(([key]) => {
      const [root, ...nested] = key.split('.');
      return !hidden(root!) && !nested.some(looksSecret);
    }),
  );
}

/** One record as the browser may see it. */
export function presentRecord(json: RecordJSON, p: Presentation): RecordJSON {
  let params = clean(json.params, (root) => p.hidden.has(root));
  if (p.mask) params = p.mask(params);
  for (const { raw, display } of p.money) {
    if (raw in params) params[display] = formatted(params[raw], params.currency);
  }
  const populated = Object.fromEntries(
    Object.entries(json.populated ?? {}).map(([key, ref]) => [key, ref && ref.params ? { ...ref, params: clean(ref.params, looksSecret) } : ref]),
  );
  const id = p.recordId ? p.recordId(json.params) : json.id;
  // NOTE: AdminJS titles a record by its first string column when no title property is set; never a hidden one.
  const leaks = Object.entries(json.params).some(([key, value]) => !(key in params) && value === json.title && value !== null);
  return { ...json, id, title: leaks ? `#${id}` : json.title, params: p.recordId ? { ...params, id } : params, populated };
}

/** The `after` hook on every action: filters `record` and `records` of the response. */
export function presentResponse(p: Presentation): After<ActionResponse> {
  return (response) => {
    const out: ActionResponse = { ...response };
    if (out.record && typeof out.record === 'object' && 'params' in out.record) out.record = presentRecord(out.record as RecordJSON, p);
    if (Array.isArray(out.records)) out.records = (out.records as RecordJSON[]).map((r) => (r && 'params' in r ? presentRecord(r, p) : r));
    return out;
  };
}
