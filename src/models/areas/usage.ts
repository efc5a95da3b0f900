import { BandwidthAlert } from '../bandwidth-alert.js';
import { BandwidthOverage } from '../bandwidth-overage.js';
import { BandwidthUsage } from '../bandwidth-usage.js';
import { Invoice } from '../invoice.js';
import { Service } from '../service.js';
import { Subscription } from '../subscription.js';
import { User } from '../user.js';

/** Daily bandwidth, quota alerts, overage charges. */
export const usageModels = [BandwidthUsage, BandwidthAlert, BandwidthOverage];

export function associateUsage(): void {
  Service.hasMany(BandwidthUsage, { foreignKey: 'serviceId', as: 'bandwidthUsage' });
  BandwidthUsage.belongsTo(Service, { foreignKey: 'serviceId', as: 'service' });
  Service.hasMany(BandwidthAlert, { foreignKey: 'serviceId', as: 'bandwidthAlerts' });
  BandwidthAlert.belongsTo(Service, { foreignKey: 'serviceId', as: 'service' });
  Service.hasMany(BandwidthOverage, { foreignKey: 'serviceId', as: 'bandwidthOverages' });
  BandwidthOverage.belongsTo(Service, { foreignKey: 'serviceId', as: 'service' });
  BandwidthOverage.belongsTo(Subscription, { foreignKey: 'subscriptionId', as: 'subscription' });
  BandwidthOverage.belongsTo(Invoice, { foreignKey: 'invoiceId', as: 'invoice' });
  BandwidthOverage.belongsTo(User, { foreignKey: 'waivedBy', as: 'waiver' });
}
