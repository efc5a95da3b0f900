import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type NonAttribute, type Sequelize } from 'sequelize';
import { attr } from './attributes.js';
import { DRIVERS, PLAN_BADGES, PLAN_TYPES, PLAN_VISIBILITIES, type DriverName, type PlanBadge, type PlanType, type PlanVisibility } from './enums.js';
import type { PlanPrice } from './plan-price.js';

/** What the driver needs to create a service of this plan; which keys apply depends on the driver. */
export interface PlanPanelConfig {
  /** VirtFusion package, Enhance plan or SynergyCP plan id. */
  packageId?: number | string;
  /** VirtFusion hypervisor group. */
  hypervisorGroupId?: number;
  /** Pterodactyl nest, egg and node/location. */
  nestId?: number;
  eggId?: number;
  locationId?: number;
  /** Operating-system templates the customer may pick (ids, or ids with names). */
  osTemplates?: Array<string | { id: number | string; name: string }>;
  /** Locations the customer may pick. */
  locations?: Array<{ id: number | string; name: string }>;
  [key: string]: unknown;
}

/** Hardware/limits shown on the plans page and used for comparison. */
export interface PlanSpecs {
  cpuCores?: number;
  memoryMb?: number;
  diskGb?: number;
  bandwidthGb?: number;
  portMbps?: number;
  ipv4?: number;
  [key: string]: unknown;
}

/** A product we sell (VPS, dedicated, web, game or MySQL), with its panel settings and stock. */
export class Plan extends Model<InferAttributes<Plan>, InferCreationAttributes<Plan>> {
  declare id: CreationOptional<number>;
  declare slug: string;
  declare name: string;
  declare type: PlanType;
  declare summary: CreationOptional<string | null>;
  declare description: CreationOptional<string | null>;
  declare features: CreationOptional<string[] | null>;
  declare specs: CreationOptional<PlanSpecs | null>;
  /** Units left to sell; null = unlimited. */
  declare stock: CreationOptional<number | null>;
  declare waitlistEnabled: CreationOptional<boolean>;
  declare visibility: CreationOptional<PlanVisibility>;
  declare archivedAt: CreationOptional<Date | null>;
  /** Orders wait for staff approval before provisioning. */
  declare requiresReview: CreationOptional<boolean>;
  declare taxable: CreationOptional<boolean>;
  declare driver: DriverName;
  declare panelConfig: CreationOptional<PlanPanelConfig | null>;
  declare badge: CreationOptional<PlanBadge | null>;
  declare sortOrder: CreationOptional<number>;
  /** Monthly traffic included; null = unmetered. */
  declare bandwidthQuotaGb: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  declare prices?: NonAttribute<PlanPrice[]>;

  get inStock(): NonAttribute<boolean> {
    return this.stock === null || this.stock === undefined || this.stock > 0;
  }

  static initModel(sequelize: Sequelize): typeof Plan {
    return Plan.init(
      {
        id: attr.id(),
        slug: { type: DataTypes.STRING(100), allowNull: false, validate: { is: /^[a-z0-9]+(?:-[a-z0-9]+)*$/ } },
        name: { type: DataTypes.STRING(150), allowNull: false, validate: { notEmpty: true } },
        type: attr.enum(PLAN_TYPES),
        summary: attr.string(255),
        description: attr.text(),
        features: attr.json(),
        specs: attr.json(),
        stock: attr.count({ nullable: true, min: 0 }),
        waitlistEnabled: attr.bool(true),
        visibility: attr.enum(PLAN_VISIBILITIES, { default: 'public' }),
        archivedAt: attr.date(),
        requiresReview: attr.bool(false),
        taxable: attr.bool(true),
        driver: attr.enum(DRIVERS),
        panelConfig: attr.json(),
        badge: attr.enum(PLAN_BADGES, { nullable: true }),
        sortOrder: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        bandwidthQuotaGb: attr.count({ nullable: true, min: 0 }),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'plans', modelName: 'Plan', underscored: true },
    );
  }
}
