import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { CURRENCY_CODES, type CurrencyCode } from './enums.js';

/** MRR at the end of one UTC day in one billing currency, plus its value in the base currency. */
export class MrrSnapshot extends Model<InferAttributes<MrrSnapshot>, InferCreationAttributes<MrrSnapshot>> {
  declare id: CreationOptional<number>;
  /** YYYY-MM-DD. */
  declare day: string;
  declare currency: CurrencyCode;
  declare mrrMinor: number;
  declare baseCurrency: CurrencyCode;
  declare mrrBaseMinor: number;
  declare activeSubscriptions: CreationOptional<number>;
  declare customers: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof MrrSnapshot {
    // Fresh objects per attribute: Sequelize writes field names into each definition.
    const currency = () => ({ type: DataTypes.STRING(3), allowNull: false, validate: { isIn: [CURRENCY_CODES as unknown as string[]] } });
    const minor = () => ({ type: DataTypes.BIGINT, allowNull: false, defaultValue: 0, validate: { min: 0 } });
    return MrrSnapshot.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        day: { type: DataTypes.DATEONLY, allowNull: false },
        currency: currency(),
        mrrMinor: minor(),
        baseCurrency: currency(),
        mrrBaseMinor: minor(),
        activeSubscriptions: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        customers: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'mrr_snapshots', modelName: 'MrrSnapshot', underscored: true },
    );
  }
}
