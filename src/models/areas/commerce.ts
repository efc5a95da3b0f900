import { Addon } from '../addon.js';
import { ConfigOption } from '../config-option.js';
import { Coupon } from '../coupon.js';
import { Customer } from '../customer.js';
import { OrderItem } from '../order-item.js';
import { Order } from '../order.js';
import { Plan } from '../plan.js';
import { ProvisioningLog } from '../provisioning-log.js';
import { ProvisioningTask } from '../provisioning-task.js';
import { Service } from '../service.js';
import { SubscriptionAddon } from '../subscription-addon.js';
import { SubscriptionOption } from '../subscription-option.js';
import { Subscription } from '../subscription.js';
import { User } from '../user.js';
import { WaitlistEntry } from '../waitlist-entry.js';

/** Orders, the waitlist, subscriptions with options and addons, services, provisioning tasks and logs. */
export const commerceModels = [Order, OrderItem, WaitlistEntry, Subscription, SubscriptionOption, SubscriptionAddon, Service, ProvisioningTask, ProvisioningLog];

export function associateCommerce(): void {
  Customer.hasMany(Order, { foreignKey: 'customerId', as: 'orders' });
  Order.belongsTo(Customer, { foreignKey: 'customerId', as: 'customer' });
  Order.belongsTo(Coupon, { foreignKey: 'couponId', as: 'coupon' });
  Order.belongsTo(User, { foreignKey: 'reviewedBy', as: 'reviewer' });
  Order.hasMany(OrderItem, { foreignKey: 'orderId', as: 'items' });
  OrderItem.belongsTo(Order, { foreignKey: 'orderId', as: 'order' });
  OrderItem.belongsTo(Plan, { foreignKey: 'planId', as: 'plan' });
  OrderItem.belongsTo(Addon, { foreignKey: 'addonId', as: 'addon' });
  OrderItem.belongsTo(Subscription, { foreignKey: 'subscriptionId', as: 'subscription' });

  Plan.hasMany(WaitlistEntry, { foreignKey: 'planId', as: 'waitlistEntries' });
  WaitlistEntry.belongsTo(Plan, { foreignKey: 'planId', as: 'plan' });
  WaitlistEntry.belongsTo(Customer, { foreignKey: 'customerId', as: 'customer' });
  WaitlistEntry.belongsTo(Order, { foreignKey: 'orderId', as: 'order' });

  Customer.hasMany(Subscription, { foreignKey: 'customerId', as: 'subscriptions' });
  Subscription.belongsTo(Customer, { foreignKey: 'customerId', as: 'customer' });
  Plan.hasMany(Subscription, { foreignKey: 'planId', as: 'subscriptions' });
  Subscription.belongsTo(Plan, { foreignKey: 'planId', as: 'plan' });
  Subscription.belongsTo(Plan, { foreignKey: 'scheduledPlanId', as: 'scheduledPlan' });
  Subscription.belongsTo(Coupon, { foreignKey: 'couponId', as: 'coupon' });
  Subscription.belongsTo(OrderItem, { foreignKey: 'orderItemId', as: 'orderItem', constraints: false });
  Subscription.hasMany(SubscriptionOption, { foreignKey: 'subscriptionId', as: 'options' });
  SubscriptionOption.belongsTo(Subscription, { foreignKey: 'subscriptionId', as: 'subscription' });
  SubscriptionOption.belongsTo(ConfigOption, { foreignKey: 'optionId', as: 'option' });
  Subscription.hasMany(SubscriptionAddon, { foreignKey: 'subscriptionId', as: 'addons' });
  SubscriptionAddon.belongsTo(Subscription, { foreignKey: 'subscriptionId', as: 'subscription' });
  SubscriptionAddon.belongsTo(Addon, { foreignKey: 'addonId', as: 'addon' });

  Subscription.hasMany(Service, { foreignKey: 'subscriptionId', as: 'services' });
  Service.belongsTo(Subscription, { foreignKey: 'subscriptionId', as: 'subscription' });
  Customer.hasMany(Service, { foreignKey: 'customerId', as: 'services' });
  Service.belongsTo(Customer, { foreignKey: 'customerId', as: 'customer' });
  Service.hasMany(ProvisioningTask, { foreignKey: 'serviceId', as: 'provisioningTasks' });
  ProvisioningTask.belongsTo(Service, { foreignKey: 'serviceId', as: 'service' });
  ProvisioningTask.belongsTo(User, { foreignKey: 'requestedBy', as: 'requester' });
  Service.hasMany(ProvisioningLog, { foreignKey: 'serviceId', as: 'provisioningLogs' });
  ProvisioningLog.belongsTo(Service, { foreignKey: 'serviceId', as: 'service' });
  ProvisioningLog.belongsTo(ProvisioningTask, { foreignKey: 'taskId', as: 'task' });
}
