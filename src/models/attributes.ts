import { DataTypes, type ModelAttributeColumnOptions } from 'sequelize';
import { CURRENCY_CODES } from './enums.js';

function safeInteger(what: string, min?: number): (value: unknown) => void {
  return (value: unknown) => {
    if (value === null || value === undefined) return;
    const n = typeof value === 'string' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new Error(`${what} must be a safe integer`);
    if (min !== undefined && n < min) throw new Error(`${what} must be at least ${min}`);
  };
}

/**
 * Model attribute shapes shared by the catalog, commerce, billing and usage models: they match
 * `col` in src/db/columns.ts and add the checks SQLite does not make (ENUM values, currency codes,
 * non-negative safe-integer money).
 */
export const attr = {
  /** An ENUM whose value is checked by the model too (SQLite stores ENUM as TEXT and accepts anything). */
  enum: (values: readonly string[], opts: { nullable?: boolean; default?: string } = {}): ModelAttributeColumnOptions => ({
    type: DataTypes.ENUM(...values),
    allowNull: opts.nullable ?? false,
    ...(opts.default !== undefined ? { defaultValue: opts.default } : {}),
    validate: { isIn: [values as string[]] },
  }),
  /** An ISO 4217 code we bill in. */
  currency: (nullable = false): ModelAttributeColumnOptions => ({
    type: DataTypes.STRING(3),
    allowNull: nullable,
    validate: { isIn: [CURRENCY_CODES as unknown as string[]] },
  }),
  /** Integer minor units (BIGINT, read back as a JS number); non-negative unless `signed`. */
  money: (opts: { nullable?: boolean; signed?: boolean; default?: number | null } = {}): ModelAttributeColumnOptions => ({
    type: DataTypes.BIGINT,
    allowNull: opts.nullable ?? false,
    ...(opts.default !== undefined ? { defaultValue: opts.default } : opts.nullable ? {} : { defaultValue: 0 }),
    validate: { safeMinor: safeInteger('amount (minor units)', opts.signed ? undefined : 0) },
  }),
  /** A whole count (BIGINT for bytes, INTEGER otherwise) with an optional lower bound. */
  count: (opts: { big?: boolean; nullable?: boolean; min?: number; default?: number } = {}): ModelAttributeColumnOptions => ({
    type: opts.big ? DataTypes.BIGINT : DataTypes.INTEGER,
    allowNull: opts.nullable ?? false,
    ...(opts.default !== undefined ? { defaultValue: opts.default } : {}),
    validate: { safeCount: safeInteger('count', opts.min) },
  }),
  /** Basis points, 0..10000 (100.00%). */
  basisPoints: (nullable = false): ModelAttributeColumnOptions => ({
    type: DataTypes.INTEGER,
    allowNull: nullable,
    ...(nullable ? {} : { defaultValue: 0 }),
    validate: { min: 0, max: 10_000 },
  }),
  string: (len = 191, nullable = true): ModelAttributeColumnOptions => ({ type: DataTypes.STRING(len), allowNull: nullable }),
  text: (nullable = true): ModelAttributeColumnOptions => ({ type: DataTypes.TEXT, allowNull: nullable }),
  json: (nullable = true): ModelAttributeColumnOptions => ({ type: DataTypes.JSON, allowNull: nullable }),
  bool: (defaultValue = false): ModelAttributeColumnOptions => ({ type: DataTypes.BOOLEAN, allowNull: false, defaultValue }),
  date: (nullable = true): ModelAttributeColumnOptions => ({ type: DataTypes.DATE, allowNull: nullable }),
  day: (nullable = false): ModelAttributeColumnOptions => ({ type: DataTypes.DATEONLY, allowNull: nullable }),
  /** A two-letter country code (ISO 3166-1 alpha-2). */
  country: (nullable = true): ModelAttributeColumnOptions => ({ type: DataTypes.STRING(2), allowNull: nullable, validate: { is: /^[A-Z]{2}$/ } }),
  id: (): ModelAttributeColumnOptions => ({ type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true }),
};
