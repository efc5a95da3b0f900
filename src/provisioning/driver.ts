import { randomInt } from 'node:crypto';
import { ProvisioningError } from '../lib/errors.js';
import type { AttemptLog } from './http.js';

export type DriverName = 'virtfusion' | 'pterodactyl' | 'synergycp' | 'enhance' | 'manual';
export type PowerAction = 'boot' | 'shutdown' | 'restart';

/** What the panel says about a service; `pending_manual` means staff must set it up by hand. */
export type ServiceState = 'active' | 'suspended' | 'building' | 'failed' | 'terminated' | 'pending_manual' | 'unknown';
export type PowerState = 'running' | 'stopped' | 'unknown';

export interface ProvisionCustomer {
  id: number | string;
  email: string;
  firstName: string;
  lastName: string;
}

/** Configurable option values chosen at checkout; each driver reads the ones its panel understands. */
export interface ProvisionOptions {
  ramMb?: number;
  vcpu?: number;
  diskGb?: number;
  ipv4?: number;
  slots?: number;
  bandwidthGb?: number;
}

export interface ProvisionRequest {
  serviceId: number | string;
  /** Our id on the panel (`ezs-svc-<serviceId>`): how a half-finished create is found again. */
  reference: string;
  customer: ProvisionCustomer;
  /** The plan's panel mapping (package id, hypervisor group, egg, nest, location, plan id, OS template ...). */
  panelConfig: Record<string, unknown>;
  options: ProvisionOptions;
  hostname?: string;
  domain?: string;
  /** The operating system chosen at checkout: a template id, or a name listed in the mapping's `osTemplates`. */
  osTemplate?: string;
  sshKeys?: string[];
}

/** Credentials in clear text: the caller encrypts them before they are stored. */
export interface ProvisionCredentials {
  username?: string;
  password?: string;
  [key: string]: string | undefined;
}

export interface ProvisionResult {
  externalId: string;
  status: ServiceState;
  ipAddresses: string[];
  hostname: string | null;
  credentials: ProvisionCredentials | null;
  panelUrl: string | null;
  /** A small, secret-free summary of the panel resource for staff. */
  raw: Record<string, unknown>;
}

/** How we address a provisioned resource: the panel's id plus our reference (checked where ids get reused). */
export interface ServiceRef {
  externalId: string;
  reference: string;
}

export interface StatusReport {
  state: ServiceState;
  power: PowerState;
  raw: Record<string, unknown>;
}

/** Usage figures where the panel has them (null where it has not). */
export interface UsageReport {
  cpuPercent: number | null;
  memoryBytes: number | null;
  diskBytes: number | null;
  bandwidthBytes: number | null;
  bandwidthLimitBytes: number | null;
  /** What `bandwidthBytes` covers: the calendar month, the panel's billing period, or since the last start. */
  bandwidthScope: 'month' | 'billing_period' | 'since_start' | null;
}

/** One control panel behind one interface; every call may throw ProvisioningError. */
export interface ProvisioningDriver {
  readonly name: DriverName;
  /** Finds the resource made for `ref.reference` (finishing a half-made one); null when there is none. */
  findExisting(ref: ProvisionRequest): Promise<ProvisionResult | null>;
  /** Creates the resource; adopts an existing one for the same reference instead of making a second. */
  create(req: ProvisionRequest): Promise<ProvisionResult>;
  suspend(ext: ServiceRef): Promise<void>;
  unsuspend(ext: ServiceRef): Promise<void>;
  /** Removes the resource; succeeds when it is already gone. */
  terminate(ext: ServiceRef): Promise<void>;
  status(ext: ServiceRef): Promise<StatusReport>;
  usage(ext: ServiceRef): Promise<UsageReport>;
  power?(ext: ServiceRef, action: PowerAction): Promise<void>;
  reinstall?(ext: ServiceRef, osTemplate: string): Promise<void>;
  resetPassword?(ext: ServiceRef): Promise<ProvisionCredentials>;
  /**
   * Brings an existing resource to the plan mapping and options in `req` (after an upgrade, downgrade or option change).
   * Sets absolute values, so running it twice changes nothing more. Absent where the panel cannot resize (staff do it).
   * Answers what is left for staff when the panel did the rest but cannot do all of it.
   */
  changePlan?(ext: ServiceRef, req: ProvisionRequest): Promise<void | ChangeLeftover>;
}

/** The part of a plan change the panel's API cannot make, in words for staff ("add 1 IPv4 address ..."). */
export interface ChangeLeftover {
  byHand: string;
}

/** Connection settings every panel driver takes; the caller reads them from configuration. */
export interface PanelDeps {
  baseUrl: string;
  timeoutMs?: number;
  onAttempt?: (log: AttemptLog) => void;
}

/** Panel calls give up after this long unless the caller sets `timeoutMs`. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Our reference for a service, written into the panel's external id or name field. */
export function serviceReference(serviceId: number | string): string {
  return `ezs-svc-${serviceId}`;
}

/** Our reference for a customer on panels that keep an external id on users. */
export function customerReference(customerId: number | string): string {
  return `ezs-cus-${customerId}`;
}

/** A random password with at least one lower, upper and digit character (panels reject weaker ones). */
export function generatePassword(length = 20): string {
  const sets = ['abcdefghijkmnopqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789'];
  const all = sets.join('');
  const chars = sets.map((set) => set[randomInt(set.length)]);
  while (chars.length < length) chars.push(all[randomInt(all.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

/** Empty usage, for panels (or resources) that report nothing. */
export function emptyUsage(): UsageReport {
  return { cpuPercent: null, memoryBytes: null, diskBytes: null, bandwidthBytes: null, bandwidthLimitBytes: null, bandwidthScope: null };
}

/** Reads a required value from a plan's panel mapping, or fails with a non-retryable config error. */
export function requireConfig(req: ProvisionRequest, key: string): string | number {
  const value = req.panelConfig[key];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new ProvisioningError('panel_invalid_config', `The plan's panel mapping has no "${key}"`, { retryable: false });
}

/** Reads an optional number from a plan's panel mapping. */
export function configNumber(req: ProvisionRequest, key: string): number | undefined {
  const value = req.panelConfig[key];
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** Parses a panel's numeric id from our stored external id. */
export function numericId(panel: DriverName, externalId: string): number {
  const n = Number(externalId);
  if (!Number.isSafeInteger(n) || n <= 0) {
    throw new ProvisioningError('invalid_external_id', `${panel}: "${externalId}" is not a valid id`, { retryable: false });
  }
  return n;
}
