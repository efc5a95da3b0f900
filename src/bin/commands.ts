import type { Command } from 'commander';
import { benchCommand } from '../../bench/index.js';
import { seedCommands } from '../../seeders/commands.js';
import { apiTokenCommands } from '../auth/api-tokens/commands.js';
import { whmcsCommands } from '../whmcs/commands.js';
import { provisioningCommands } from '../provisioning/orchestration/commands.js';
import { supportCommands } from '../support/inbound/commands.js';

/** Commands contributed by modules (seeds, imports, benchmarks); each adds itself to the program. */
export const extraCommands: Array<(program: Command) => void> = [seedCommands, benchCommand, supportCommands, provisioningCommands, apiTokenCommands, whmcsCommands];
