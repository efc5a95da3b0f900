import { pino, type Logger } from 'pino';
import { config } from '../../config/index.js';

/** Paths pino blanks out wherever they appear in a log object. */
const REDACT = [
  'password', '*.password', 'passwordHash', '*.passwordHash', 'token', '*.token', 'secret', '*.secret',
  'apiKey', '*.apiKey', 'authorization', '*.authorization', 'req.headers.authorization', 'req.headers.cookie',
  'res.headers["set-cookie"]', 'credentials', '*.credentials', 'totpSecret', '*.totpSecret', 'card', '*.card',
];

function build(): Logger {
  const cfg = config();
  const pretty = !cfg.isProduction && cfg.logLevel !== 'silent' && process.stdout.isTTY;
  return pino({
    level: cfg.logLevel,
    redact: { paths: REDACT, censor: '[redacted]' },
    base: { app: 'ezscale' },
    transport: pretty ? { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,app' } } : undefined,
  });
}

let root: Logger | undefined;

/** The process logger (JSON in production, pretty on a terminal in development, silent in tests). */
export function logger(): Logger {
  root ??= build();
  return root;
}
