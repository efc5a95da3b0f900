import { InvalidArgumentError, type Command } from 'commander';
import { systemCtx } from '../../lib/context.js';
import { retryProvisioning } from './retry-provisioning.js';

/** `provisioning:retry <serviceId>`: puts a failed or waitlisted service's task back in the queue. */
export function provisioningCommands(program: Command): void {
  program
    .command('provisioning:retry')
    .description('Retry provisioning a failed or waitlisted service (reuses its service row; the worker picks it up)')
    .argument('<serviceId>', 'the service id', (v) => {
      const id = Number.parseInt(v, 10);
      if (!Number.isSafeInteger(id) || id <= 0) throw new InvalidArgumentError('a positive service id');
      return id;
    })
    .action(async (serviceId: number) => {
      const task = await retryProvisioning(serviceId, systemCtx());
      console.log(`Task #${task.id} (${task.action}) for service #${serviceId} is ${task.status}; provisioning:run will pick it up.`);
    });
}
