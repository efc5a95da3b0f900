import type { ModelStatic, Model, Sequelize } from 'sequelize';
import { sequelize } from '../db/sequelize.js';
import { associateIdentity, identityModels } from './areas/identity.js';

export * from './areas/exports.js';

interface Initialisable {
  initModel(sequelize: Sequelize): ModelStatic<Model>;
}

const areas: Array<{ models: Initialisable[]; associate: () => void }> = [
  { models: identityModels, associate: associateIdentity },
];

let ready = false;

/** Initialises every model and association on the process-wide Sequelize instance (once). */
export function initModels(): Sequelize {
  const s = sequelize();
  if (ready) return s;
  for (const area of areas) for (const m of area.models) m.initModel(s);
  for (const area of areas) area.associate();
  ready = true;
  return s;
}
