import cors from 'cors';
import { Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import responseTime from 'response-time';

/**
 * The headers of docs/client-app.md on every response of the ClientApp dialect, from well-kept
 * middleware: `X-Runtime` in seconds (response-time); `X-Content-Type-Options:
 * nosniff` and `X-Frame-Options: SAMEORIGIN` (helmet, with its other headers off, and no
 * deprecated `X-XSS-Protection`); CORS as in the seed (cors), origins from `CORS_ORIGINS`.
 */
export function clientAppHeaders(corsOrigins: string[]): RequestHandler[] {
  // `X-Request-Id` is set on every route by the access log (logging.module.ts).
  return [
    responseTime((_req: Request, res: Response, milliseconds: number) => {
      // Seconds, as the seed sends it, rounded to milliseconds: finer timing is an oracle.
      res.setHeader('X-Runtime', (Math.round(milliseconds) / 1000).toFixed(3));
    }),
    helmet({
      contentSecurityPolicy: false,
      crossOriginEmbedderPolicy: false,
      crossOriginOpenerPolicy: false,
      crossOriginResourcePolicy: false,
      originAgentCluster: false,
      referrerPolicy: false,
      strictTransportSecurity: false,
      xDnsPrefetchControl: false,
      xDownloadOptions: false,
      xPermittedCrossDomainPolicies: false,
      xPoweredBy: false,
      xXssProtection: false,
      xContentTypeOptions: true,
      xFrameOptions: { action: 'sameorigin' },
    }),
    cors({
      origin: corsOrigins.includes('*') ? '*' : corsOrigins,
      methods: ['POST', 'PUT', 'DELETE', 'GET', 'OPTIONS'],
      allowedHeaders: [
        'Origin',
        'X-Requested-With',
        'Content-Type',
        'Accept',
        'Authorization',
        'Content-Disposition',
        'X-Request-Id',
      ],
      exposedHeaders: ['X-Request-Id', 'X-Runtime'],
    }),
  ];
}
