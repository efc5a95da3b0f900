import type { Command } from 'commander';
import { seedCommands } from '../../seeders/commands.js';

/** Commands contributed by modules (seeds, imports, benchmarks); each adds itself to the program. */
export const extraCommands: Array<(program: Command) => void> = [seedCommands];
