import type { Command } from 'commander';
import { isAppError } from '../../lib/errors.js';
import { inboundEmailSecret } from './inbound-secret.js';
import { ingestInboundEmail } from './ingest-inbound-email.js';

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** `mail:inbound` (an MTA pipes each email for support to stdin) and `mail:inbound-secret`. */
export function supportCommands(program: Command): void {
  program
    .command('mail:inbound')
    .description('Take an email for support from stdin (RFC 5322): a ticket reply, a staff answer or a new ticket; exits 67 when the email is refused (the MTA bounces it)')
    .action(async () => {
      try {
        console.log(JSON.stringify(await ingestInboundEmail(await readStdin())));
      } catch (err) {
        if (!isAppError(err) || err.status >= 500) throw err;
        console.error(`${err.code}: ${err.message}`);
        // NOTE: 67 is EX_NOUSER: Postfix and Exim bounce the mail with "user unknown" instead of retrying it.
        process.exitCode = 67;
      }
    });

  program
    .command('mail:inbound-secret')
    .description('Print the shared secret the inbound-email webhook expects in its X-Inbound-Secret header')
    .action(() => {
      console.log(inboundEmailSecret());
    });
}
