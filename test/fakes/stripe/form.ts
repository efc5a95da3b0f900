/** A decoded Stripe form body: nested objects and arrays of strings, as `a[b][0][c]=x` describes. */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };
/** The top level of a decoded form. */
export type Form = { [key: string]: FormValue };

/** Decodes Stripe's bracketed form encoding (`metadata[invoice_id]=7&line_items[0][quantity]=1`). */
export function parseForm(text: string): Form {
  const root: Form = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const path = key.replace(/\]/g, '').split('[');
    let node: Record<string, FormValue> | FormValue[] = root;
    path.forEach((segment, index) => {
      const last = index === path.length - 1;
      const slot = Array.isArray(node) ? Number(segment === '' ? node.length : segment) : segment;
      const container = node as Record<string | number, FormValue>;
      if (last) {
        container[slot] = value;
        return;
      }
      if (container[slot] === undefined) container[slot] = /^\d*$/.test(path[index + 1]) ? [] : {};
      node = container[slot] as Record<string, FormValue> | FormValue[];
    });
  }
  return root;
}

/** A string field of a decoded form, or undefined. */
export function str(form: Form | undefined, key: string): string | undefined {
  const value = form?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** An integer field of a decoded form, or undefined. */
export function int(form: Form | undefined, key: string): number | undefined {
  const value = str(form, key);
  return value !== undefined && /^-?\d+$/.test(value) ? Number.parseInt(value, 10) : undefined;
}

/** A nested object field of a decoded form (empty when absent). */
export function obj(form: Form | undefined, key: string): Form {
  const value = form?.[key];
  return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

/** A string map (metadata) of a decoded form. */
export function strings(form: Form | undefined, key: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj(form, key))) if (typeof v === 'string') out[k] = v;
  return out;
}
