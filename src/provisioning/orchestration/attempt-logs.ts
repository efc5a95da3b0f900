import type { Transaction } from 'sequelize';
import { ProvisioningLog } from '../../models/index.js';
import type { DriverName } from '../driver.js';
import type { AttemptLog } from '../http.js';

const MAX_ERROR = 1000;

/** Collects a driver's HTTP attempts (`onAttempt`) and writes them to `provisioning_logs`: method, path, status, time, error. */
export class AttemptRecorder {
  private entries: AttemptLog[] = [];

  constructor(private readonly target: { serviceId: number; taskId: number | null; driver: DriverName; action: string }) {}

  /** The driver's `onAttempt` sink (paths arrive without query strings, so API keys never reach the log). */
  readonly onAttempt = (log: AttemptLog): void => {
    this.entries.push(log);
  };

  /** Writes the collected attempts (in `transaction` when given; call `clear()` once it committed). */
  async write(now: Date, transaction?: Transaction): Promise<void> {
    if (this.entries.length === 0) return;
    const rows = this.entries.map((log) => ({
      serviceId: this.target.serviceId,
      taskId: this.target.taskId,
      driver: this.target.driver,
      action: this.target.action,
      requestSummary: `${log.method} ${log.path}`.slice(0, 500),
      responseCode: log.status,
      durationMs: Math.max(0, Math.round(log.durationMs)),
      success: log.ok,
      error: log.ok ? null : `${log.errorCode ?? 'error'}: ${log.error ?? ''}`.slice(0, MAX_ERROR),
      createdAt: now,
    }));
    await ProvisioningLog.bulkCreate(rows, { transaction });
  }

  /** Forgets the attempts written (a rolled-back write keeps them, so the failure path still logs them). */
  clear(): void {
    this.entries = [];
  }

  /** Writes the attempts on their own and forgets them. */
  async flush(now: Date): Promise<void> {
    await this.write(now);
    this.clear();
  }
}
