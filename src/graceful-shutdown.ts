import { Server } from 'node:http';
import { INestApplication, Logger } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';
import { ShutdownState } from './health/health.controller';

/**
 * Graceful shutdown on SIGTERM or SIGINT (docs/deployment.md, "Graceful shutdown"):
 * 1. readiness turns 503 and the listener closes: new connections are refused, idle
 *    keep-alive connections are closed, and a request that still arrives on an open one is
 *    answered and its connection closed after it (`Connection: close`);
 * 2. requests in flight finish, for at most `timeoutMs`; past it the remaining connections
 *    are cut;
 * 3. the app closes: the webhook dispatcher finishes its round or releases its leases, the
 *    strength estimator, Redis and the database pools close; the process exits 0.
 * A second signal during the drain changes nothing. Installs the in-flight counter as the
 * first middleware, so call it before any route is registered.
 */
export function installGracefulShutdown(app: INestApplication, timeoutMs: number): void {
  const logger = new Logger('Shutdown');
  let inFlight = 0;
  let draining = false;
  let drained: (() => void) | null = null;
  app.use((req: Request, res: Response, next: NextFunction) => {
    inFlight += 1;
    if (draining) res.setHeader('Connection', 'close');
    res.once('close', () => {
      inFlight -= 1;
      if (draining && inFlight === 0) drained?.();
    });
    next();
  });

  const shutdown = async (signal: string): Promise<void> => {
    if (draining) return;
    draining = true;
    app.get(ShutdownState).draining = true;
    logger.log(`${signal}: draining ${inFlight} request(s), at most ${timeoutMs} ms`);
    const server = app.getHttpServer() as Server;
    server.close();
    server.closeIdleConnections();
    if (inFlight > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => {
          drained = resolve;
        }),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, timeoutMs);
        }),
      ]);
      clearTimeout(timer);
    }
    if (inFlight > 0)
      logger.warn(`${inFlight} request(s) still in flight after ${timeoutMs} ms: cut`);
    server.closeAllConnections();
    await app.close();
    logger.log('stopped');
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      shutdown(signal).catch((error: Error) => {
        logger.error(`shutdown failed: ${error.message}`);
        process.exit(1);
      });
    });
  }
}
