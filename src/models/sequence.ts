import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { attr } from './attributes.js';

/**
 * A gap-free counter (invoice and credit-note numbers, e.g. `invoice:2025`): incremented with a
 * conditional UPDATE inside the transaction that uses the number, so a rollback gives it back.
 */
export class Sequence extends Model<InferAttributes<Sequence>, InferCreationAttributes<Sequence>> {
  declare name: string;
  declare nextValue: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof Sequence {
    return Sequence.init(
      {
        name: { type: DataTypes.STRING(64), primaryKey: true, allowNull: false },
        nextValue: attr.count({ big: true, min: 1, default: 1 }),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'sequences', modelName: 'Sequence', underscored: true },
    );
  }
}
