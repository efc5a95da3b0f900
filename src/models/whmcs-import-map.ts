import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/**
 * Which local row a WHMCS row became (`entity` = `client`, `invoice`, `hosting`, `ticket`...):
 * makes the importer re-runnable and lets old WHMCS links redirect.
 */
export class WhmcsImportMap extends Model<InferAttributes<WhmcsImportMap>, InferCreationAttributes<WhmcsImportMap>> {
  declare id: CreationOptional<number>;
  declare entity: string;
  declare whmcsId: number;
  declare localId: number;
  /** Hash of the WHMCS row as imported: a re-run skips rows that did not change. */
  declare sourceHash: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof WhmcsImportMap {
    return WhmcsImportMap.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        entity: { type: DataTypes.STRING(32), allowNull: false, validate: { is: /^[a-z_]+$/ } },
        whmcsId: { type: DataTypes.INTEGER, allowNull: false },
        localId: { type: DataTypes.INTEGER, allowNull: false },
        sourceHash: DataTypes.STRING(64),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'whmcs_import_map', modelName: 'WhmcsImportMap', underscored: true },
    );
  }
}
