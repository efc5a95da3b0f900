import type { ModelStatic, Model, Sequelize } from 'sequelize';
import { sequelize } from '../db/sequelize.js';
import { associateIdentity, identityModels } from './areas/identity.js';
import { associateSupport, supportModels } from './areas/support.js';
import { associateNotify, notifyModels } from './areas/notify.js';
import { associatePlatform, platformModels } from './areas/platform.js';
import { associateCatalog, catalogModels } from './areas/catalog.js';
import { associateCommerce, commerceModels } from './areas/commerce.js';
import { associateBilling, billingModels } from './areas/billing.js';
import { associateUsage, usageModels } from './areas/usage.js';

export * from './areas/exports.js';

interface Initialisable {
  initModel(sequelize: Sequelize): ModelStatic<Model>;
}

const areas: Array<{ models: Initialisable[]; associate: () => void }> = [
  { models: identityModels, associate: associateIdentity },
  { models: supportModels, associate: associateSupport },
  { models: notifyModels, associate: associateNotify },
  { models: platformModels, associate: associatePlatform },
  { models: catalogModels, associate: associateCatalog },
  { models: commerceModels, associate: associateCommerce },
  { models: billingModels, associate: associateBilling },
  { models: usageModels, associate: associateUsage },
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
