import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { pathToFileURL } from 'node:url';
import { config } from '../../config/index.js';
import { closeDatabase } from '../db/sequelize.js';
import { createApp } from '../http/app.js';
import { closeRedis } from '../http/redis.js';
import { logger } from '../lib/logger.js';

const DRAIN_MS = 10_000;

export interface WebHandle {
  server: Server;
  /** Stops accepting connections and waits up to 10 s for in-flight requests; then drops what is left. */
  close(): Promise<void>;
}

/** Starts the web server on config().port/host. The caller closes the database and Redis after close(). */
export async function startWeb(opts: { port?: number; host?: string } = {}): Promise<WebHandle> {
  const cfg = config();
  const app = await createApp();
  const sockets = new Set<Socket>();
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(opts.port ?? cfg.port, opts.host ?? cfg.host, () => resolve(s));
    s.once('error', reject);
  });
  // NOTE: a little longer than common load-balancer idle timeouts, so the proxy closes first.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const address = server.address();
  logger().info({ address: typeof address === 'object' ? address : String(address), url: cfg.appUrl }, 'web server listening');

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        logger().warn({ open: sockets.size }, 'in-flight requests did not finish in time; closing their connections');
        server.closeAllConnections();
      }, DRAIN_MS);
      timer.unref();
      server.close(() => {
        clearTimeout(timer);
        resolve();
      });
      server.closeIdleConnections();
    });
    return closing;
  };
  return { server, close };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  startWeb()
    .then((web) => {
      const stop = async (signal: string) => {
        logger().info({ signal }, 'web server stopping: draining in-flight requests');
        await web.close();
        await Promise.allSettled([closeDatabase(), closeRedis()]);
        process.exit(0);
      };
      process.once('SIGTERM', () => void stop('SIGTERM'));
      process.once('SIGINT', () => void stop('SIGINT'));
    })
    .catch((err: unknown) => {
      logger().fatal({ err }, 'web server failed to start');
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    });
}
