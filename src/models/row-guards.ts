import type { Model } from 'sequelize';

/** Which of `columns` an update of `row` changes (none for a new row). */
export function changedAmong(row: Model, columns: readonly string[]): string[] {
  if (row.isNewRecord) return [];
  const changed = row.changed();
  return changed ? changed.filter((c) => columns.includes(c)) : [];
}

/**
 * Makes a bulk `update`/`destroy`/`bulkCreate` run the per-row hooks, so a guard on one row cannot be
 * bypassed by writing through the model's static methods.
 */
export function forceIndividualHooks(options: { individualHooks?: boolean }): void {
  options.individualHooks = true;
}

/** True when every value is loaded and not NULL (a row loaded with some attributes only leaves the rest undefined). */
export function known(...values: unknown[]): boolean {
  return values.every((v) => v !== undefined && v !== null);
}

/** Whether a required value is missing: unset on a new row, NULL on a stored one (undefined there means "not loaded"). */
export function missing(row: Model, value: unknown): boolean {
  return value === null || (row.isNewRecord && value === undefined);
}
