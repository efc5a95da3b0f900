import { DataTypes, type ModelAttributeColumnOptions } from 'sequelize';

/** Column shapes shared by migrations, written once for SQLite and MySQL/MariaDB. */
export const col = {
  id: (): ModelAttributeColumnOptions => ({ type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false }),
  /** A foreign key to `table`.id; `onDelete` defaults to RESTRICT (money and audit rows are never cascaded away). */
  fk: (table: string, opts: { nullable?: boolean; onDelete?: 'CASCADE' | 'SET NULL' | 'RESTRICT' } = {}): ModelAttributeColumnOptions => ({
    type: DataTypes.INTEGER,
    allowNull: opts.nullable ?? false,
    references: { model: table, key: 'id' },
    onDelete: opts.onDelete ?? (opts.nullable ? 'SET NULL' : 'RESTRICT'),
    onUpdate: 'CASCADE',
  }),
  /** Integer minor units. */
  money: (opts: { nullable?: boolean; default?: number } = {}): ModelAttributeColumnOptions => ({
    type: DataTypes.BIGINT,
    allowNull: opts.nullable ?? false,
    ...(opts.nullable ? {} : { defaultValue: opts.default ?? 0 }),
  }),
  currency: (nullable = false): ModelAttributeColumnOptions => ({ type: DataTypes.STRING(3), allowNull: nullable }),
  string: (len = 191, nullable = true): ModelAttributeColumnOptions => ({ type: DataTypes.STRING(len), allowNull: nullable }),
  text: (nullable = true): ModelAttributeColumnOptions => ({ type: DataTypes.TEXT, allowNull: nullable }),
  json: (nullable = true): ModelAttributeColumnOptions => ({ type: DataTypes.JSON, allowNull: nullable }),
  bool: (defaultValue = false): ModelAttributeColumnOptions => ({ type: DataTypes.BOOLEAN, allowNull: false, defaultValue }),
  int: (opts: { nullable?: boolean; default?: number } = {}): ModelAttributeColumnOptions => ({
    type: DataTypes.INTEGER,
    allowNull: opts.nullable ?? false,
    ...(opts.default !== undefined ? { defaultValue: opts.default } : {}),
  }),
  date: (nullable = true): ModelAttributeColumnOptions => ({ type: DataTypes.DATE, allowNull: nullable }),
  day: (nullable = false): ModelAttributeColumnOptions => ({ type: DataTypes.DATEONLY, allowNull: nullable }),
  enum: (values: readonly string[], opts: { nullable?: boolean; default?: string } = {}): ModelAttributeColumnOptions => ({
    type: DataTypes.ENUM(...values),
    allowNull: opts.nullable ?? false,
    ...(opts.default !== undefined ? { defaultValue: opts.default } : {}),
  }),
  timestamps: (): Record<'created_at' | 'updated_at', ModelAttributeColumnOptions> => ({
    created_at: { type: DataTypes.DATE, allowNull: false },
    updated_at: { type: DataTypes.DATE, allowNull: false },
  }),
};
