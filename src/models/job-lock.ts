import { DataTypes, Model, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** A named lease held by one worker (`src/db/locks.ts`); expired leases may be taken over. */
export class JobLock extends Model<InferAttributes<JobLock>, InferCreationAttributes<JobLock>> {
  declare name: string;
  /** host:pid:uuid of the holder. */
  declare owner: string;
  declare lockedUntil: Date;
  declare acquiredAt: Date;

  static initModel(sequelize: Sequelize): typeof JobLock {
    return JobLock.init(
      {
        name: { type: DataTypes.STRING(100), primaryKey: true },
        owner: { type: DataTypes.STRING(100), allowNull: false },
        lockedUntil: { type: DataTypes.DATE(3), allowNull: false },
        acquiredAt: { type: DataTypes.DATE(3), allowNull: false },
      },
      { sequelize, tableName: 'job_locks', modelName: 'JobLock', underscored: true, timestamps: false },
    );
  }
}
