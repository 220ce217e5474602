import { IncomingMessage, ServerResponse } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
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
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        'headers.authorization',
        'headers.cookie',
      ],
      censor: '[Redacted]',
    },
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const id = requestIdFrom(req.headers['x-request-id']);
      res.setHeader('X-Request-Id', id);
      return id;
    },
    // Application lines of a request carry its `reqId`; the access line also the request.
    quietReqLogger: true,
    customAttributeKeys: { responseTime: 'durationMs' },
    serializers: {
      req: (req: { method?: string; url?: string; raw?: Request }) => ({
        method: req.method,
        url: redactUrl(req.raw?.originalUrl ?? req.url ?? ''),
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
    // Evaluated at the start (nothing: the route is not known yet) and at the end of a request.
    customProps: (req: IncomingMessage, res: ServerResponse) => {
      if (!res.headersSent) return {};
      const request = req as Request;
      const path = (request.originalUrl ?? request.url ?? '').split('?')[0];
      const route = request.route?.path;
      return {
        route: typeof route === 'string' ? route : null,
        dialect: dialectOf(path),
        clientIp: request.ip,
      };
    },
    customLogLevel: (_req, res, error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'info',
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
      useFactory: (config: AppConfig) => ({
        pinoHttp: httpLoggerOptions(config.get('LOG_LEVEL'), config.get('LOG_FORMAT')),
      }),
    }),
  ],
})
export class LoggingModule {}
