import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { ValidationError } from '../lib/errors.js';
import { attr } from './attributes.js';
import type { CurrencyCode } from './enums.js';
import { known } from './row-guards.js';

/** Cross-column rules, checked before each insert and per-row update. */
function assertValid(rate: FxRate): void {
  if (known(rate.base, rate.quote) && rate.base === rate.quote) throw new ValidationError('fx_rate_invalid', 'base and quote must differ');
}

/** The exchange rate of a currency pair on a day, as an integer: units of `quote` per `base` times 1,000,000. */
export class FxRate extends Model<InferAttributes<FxRate>, InferCreationAttributes<FxRate>> {
  declare id: CreationOptional<number>;
  declare base: CurrencyCode;
  declare quote: CurrencyCode;
  declare rateMicros: number;
  /** YYYY-MM-DD (UTC). */
  declare effectiveOn: string;
  declare source: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof FxRate {
    return FxRate.init(
      {
        id: attr.id(),
        base: attr.currency(),
        quote: attr.currency(),
        rateMicros: attr.count({ big: true, min: 1 }),
        effectiveOn: attr.day(),
        source: attr.string(64),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      {
        sequelize,
        tableName: 'fx_rates',
        modelName: 'FxRate',
        underscored: true,
        hooks: { beforeCreate: assertValid, beforeUpdate: assertValid },
      },
    );
  }
}
