import { BaseRecord, type BaseProperty, type Filter } from 'adminjs';
import { Resource as SequelizeResource } from '@adminjs/sequelize';
import { IndexHints, literal, type CountOptions, type FindOptions as ModelFindOptions, type Model, type ModelStatic, type WhereOptions } from 'sequelize';

/** A list page's window and order, as AdminJS asks for it. */
type FindOptions = { limit?: number; offset?: number; sort?: { sortBy?: string; direction?: 'asc' | 'desc' } };

/** Whether `filter` holds a date range with both ends on one of the `indexed` attributes. */
function closedDateRange(filter: Filter, indexed: ReadonlySet<string>): boolean {
  return Object.values(filter.filters ?? {}).some((f) => {
    const range = f.value as { from?: unknown; to?: unknown } | string;
    return indexed.has(f.property.name()) && ['date', 'datetime'].includes(f.property.type()) && typeof range === 'object' && !!range.from && !!range.to;
  });
}

/** Rows a capped list counts at most: past it the list stops counting rather than scan a million rows for a page number. */
export const LIST_COUNT_CAP = 10_000;

/**
 * The rows of `model` matching `where`, counted up to `cap` + 1: `SELECT 1 ... LIMIT cap+1` reads at most
 * that many index entries however big the table is. findAll keeps the model's scopes and soft-delete condition.
 */
export async function cappedCount(model: ModelStatic<Model>, where: WhereOptions, cap = LIST_COUNT_CAP): Promise<number> {
  const rows = await model.findAll({ attributes: [[literal('1'), 'one']], where, limit: cap + 1, raw: true });
  return rows.length;
}

/**
 * The Sequelize adapter, with foreign keys to tables the back office does not register shown as
 * plain ids: AdminJS throws on a reference to an unknown resource, and models arrive one area at a time.
 * Passing this instance to AdminJS also makes a global `AdminJS.registerAdapter` unnecessary.
 *
 * With `countCap` (tables of millions of rows), a list's total (AdminJS counts every matching row on every
 * page) stops at the cap plus one, and a page is read as a deferred join: the ids of the page first, from
 * an index alone where one covers the filter and sort, then those rows by primary key (a sort or an offset
 * then moves ids, not whole rows).
 */
export class BackOfficeResource extends SequelizeResource {
  constructor(
    private readonly model: typeof Model,
    private readonly registered: ReadonlySet<string>,
    private readonly countCap: number | null = null,
    /** Attributes that lead an index (a large table's sortable ones). */
    private readonly indexed: ReadonlySet<string> = new Set(),
  ) {
    super(model);
  }

  override properties(): BaseProperty[] {
    return super.properties().map((p) => this.local(p));
  }

  override property(path: string): BaseProperty | null {
    const p = super.property(path);
    return p ? this.local(p) : null;
  }

  override async count(filter: Filter): Promise<number> {
    if (this.countCap === null) return super.count(filter);
    const where = this.whereOf(filter);
    if (where === null) return super.count(filter);
    return cappedCount(this.model as unknown as ModelStatic<Model>, where, this.countCap);
  }

  override async find(filter: Filter, options: FindOptions = {}): Promise<BaseRecord[]> {
    const where = this.countCap === null ? null : this.whereOf(filter);
    if (where === null) return super.find(filter, options) as Promise<BaseRecord[]>;
    const { limit = 20, offset = 0, sort = {} } = options;
    const model = this.model as unknown as ModelStatic<Model>;
    const pk = model.primaryKeyAttribute;
    const sortBy = sort.sortBy ?? pk;
    const order: Array<[string, string]> = [[sortBy, (sort.direction ?? 'asc').toUpperCase()]];
    // NOTE: with a closed date range on an indexed column, MySQL/MariaDB would walk the primary key newest first and test every
    // row until the range (a year back: a million rows); reading the range's index and sorting its ids is
    // what SQLite does by itself. The hint is ignored by SQLite.
    const hints: ModelFindOptions = sortBy === pk && closedDateRange(filter, this.indexed) ? { indexHints: [{ type: IndexHints.IGNORE, values: ['PRIMARY'] }] } : {};
    const keys = await model.findAll({ attributes: [pk], where, order, limit, offset, raw: true, ...hints });
    if (!keys.length) return [];
    const ids = keys.map((k) => (k as unknown as Record<string, unknown>)[pk]);
    const rows = await model.findAll({ where: { [pk]: ids } });
    const byId = new Map(rows.map((row) => [String(row.get(pk)), row]));
    return ids.flatMap((id) => {
      const row = byId.get(String(id));
      return row ? [new BaseRecord(row.toJSON(), this)] : [];
    });
  }

  /**
   * The `where` the adapter builds for `filter`. Its converter is not exported, so it is taken from the
   * adapter's own count, handed a stand-in model for that one synchronous call; null if it failed.
   */
  private whereOf(filter: Filter): WhereOptions | null {
    // NOTE: the adapter's model field is private in its typings only.
    const adapter = this as unknown as { SequelizeModel: unknown };
    let where: WhereOptions | null = null;
    adapter.SequelizeModel = Object.create(this.model, { count: { value: (options: CountOptions) => ((where = options.where ?? {}), Promise.resolve(0)) } });
    try {
      super.count(filter).catch(() => undefined);
    } finally {
      adapter.SequelizeModel = this.model;
    }
    return where;
  }

  private local(property: BaseProperty): BaseProperty {
    const target = property.reference();
    if (target && !this.registered.has(target)) property.reference = () => null;
    return property;
  }
}
