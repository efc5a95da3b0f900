import { expect } from 'chai';
import { sequelize } from '../../../src/db/sequelize.js';
import { migrateDown, migrateUp, migrator } from '../../../src/db/migrator.js';
import { ensureSchema } from '../../support/db.js';

describe('migrations', () => {
  before(ensureSchema);

  it('when every migration is reverted and re-applied, then the schema comes back whole', async () => {
    const applied = (await migrator().executed()).map((m) => m.name);
    expect(applied.length).to.be.greaterThan(0);
    const tablesBefore = (await sequelize().getQueryInterface().showAllTables()).length;
    await migrateDown(0);
    const remaining = (await sequelize().getQueryInterface().showAllTables()).map(String).filter((t) => t !== 'schema_migrations');
    expect(remaining).to.deep.equal([]);
    expect(await migrateUp()).to.deep.equal(applied);
    expect((await sequelize().getQueryInterface().showAllTables()).length).to.equal(tablesBefore);
  });
});
