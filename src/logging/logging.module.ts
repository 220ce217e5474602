import { IncomingMessage, ServerResponse } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { destination } from 'pino';
import { Options } from 'pino-http';
import { requestIdFrom } from '../common/request-id';
import { AppConfig } from '../config/app-config';
import { LogFormat, LogLevelName } from '../config/env.validation';

/** Query parameters whose values never reach a log line (tokens, passwords, codes). */
const SECRET_QUERY_PARAMETERS = new Set([
  'access_token',
  'oauth_token',
  'refresh_token',
  'token',
  'code',
  'client_secret',
  'password',
  'pass',
]);

/** `LOG_LEVEL` as pino's level (Nest's `verbose` is pino's `trace`). */
const PINO_LEVEL: Record<LogLevelName, string> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  info: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/** An Express request as pino-http sees it (Express adds `ip`, `route` and `originalUrl`). */
type Request = IncomingMessage & {
  id?: string;
  ip?: string;
  originalUrl?: string;
  route?: { path?: unknown };
};

/**
 * The path and query of a request URL with the values of {@link SECRET_QUERY_PARAMETERS}
 * replaced by `[Redacted]`.
 * @param url a request target, e.g. `/users/me?access_token=…`
 */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const query = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const name = pair.split('=')[0];
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // A malformed name is kept as it is; its value is redacted below.
        return `${name}=[Redacted]`;
      }
      return SECRET_QUERY_PARAMETERS.has(decoded.toLowerCase()) && pair.includes('=')
        ? `${name}=[Redacted]`
        : pair;
    })
    .join('&');
  return `${url.slice(0, at)}?${query}`;
}

/** The dialect a path belongs to (docs/contract.md), or `none` (health, docs, unknown paths). */
export function dialectOf(path: string): string {
  if (path.startsWith('/api/signup')) return 'milliner';
  if (path.startsWith('/zato/sso/')) return 'sso';
  if (/^\/(sign-up|oauth\/|users\/)/.test(path)) return 'client-app';
  return 'none';
}

/**
 * pino-http's options for docs/deployment.md ("Logs"): one access line per request with the
 * method, the URL (secret query values redacted), the route template, the status, the
 * duration in ms, the request id, the dialect and the client IP as the rate limits see it
 * (`req.ip`, after `TRUST_PROXY`). Headers and bodies are never logged; `Authorization` and
 * cookies are redacted besides, should a serializer ever add headers.
 */
export function httpLoggerOptions(level: LogLevelName, format: LogFormat): Options {
  return {
    level: PINO_LEVEL[level],
    ...(format === 'pretty'
      ? {
          transport: {
            target: 'pino-pretty',
            options: { singleLine: true, colorize: process.stdout.isTTY === true },
          },
        }
      : {}),
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      censor: '[Redacted]',
    },
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const id = requestIdFrom(req.headers['x-request-id']);
      res.setHeader('X-Request-Id', id);
      return id;
    },
    // One child logger a request (`reqId`), for the application's lines and the access line;
    // the request's fields are added once, when it completes (customProps below).
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { responseTime: 'durationMs' },
    serializers: {
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
    // Called when a request starts (nothing yet: the route is not known) and when it ends.
    customProps: (req: IncomingMessage, res: ServerResponse) => {
      if (!res.headersSent) return undefined as unknown as object;
      const request = req as Request;
      const url = request.originalUrl ?? request.url ?? '';
      const route = request.route?.path;
      return {
        method: request.method,
        url: redactUrl(url),
        route: typeof route === 'string' ? route : null,
        dialect: dialectOf(url.split('?')[0]),
        clientIp: request.ip,
      };
    },
    // 503 is an answer the service chose (admission control, a database outage): a warning;
    // any other 5xx is an error. Either way one access line with the same message and no
    // stack: pino-http's own "failed with status code" error says nothing the status does
    // not, and unexpected errors are logged where they are caught (the dialect filters).
    customLogLevel: (_req, res, error) =>
      res.statusCode === 503 ? 'warn' : error || res.statusCode >= 500 ? 'error' : 'info',
    customErrorMessage: () => 'request completed',
    customErrorObject: (_req, _res, _error, loggable: Record<string, unknown>) => {
      const line = { ...loggable };
      delete line.err;
      return line;
    },
  };
}

/**
 * Structured logs (nestjs-pino): the access lines of {@link httpLoggerOptions} and the
 * application's own `Logger` lines, as JSON (or pino-pretty, `LOG_FORMAT=pretty`).
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const options = httpLoggerOptions(config.get('LOG_LEVEL'), config.get('LOG_FORMAT'));
        // JSON: asynchronous writes to standard output (a slow log reader never blocks the
        // event loop; pino flushes what is pending when the process exits).
        return {
          pinoHttp:
            config.get('LOG_FORMAT') === 'json'
              ? ([options, destination({ dest: 1, sync: false })] as const)
              : options,
        };
      },
    }),
  ],
})
export class LoggingModule {}
