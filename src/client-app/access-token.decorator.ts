import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Request } from 'express';
import { TokenScheme } from './client-app.errors';

/** The access token of a request, and the scheme to answer a refusal with. */
export interface PresentedToken {
  scheme: TokenScheme;
  /** Absent when the request carried no credentials. */
  token?: string;
}

const AUTHORIZATION = /^(OAuth|Bearer)\s+(\S+)\s*$/i;

/**
 * Reads the token from `Authorization: OAuth <token>`, `Authorization: Bearer <token>`, the
 * `oauth_token` query parameter (the seed's draft-era transport, answered with the `OAuth`
 * scheme) or the `access_token` query parameter (RFC 6750 2.3, answered with `Bearer`)
 * (docs/client-app.md, "Using a token"). No credentials, or only those of a scheme this API
 * does not use (such as `Basic`), answer with `Bearer` and no `error` attribute (RFC 6750 3.1).
 */
export function presentedToken(req: Request): PresentedToken {
  const match = AUTHORIZATION.exec(req.headers.authorization ?? '');
  if (match) {
    const scheme: TokenScheme = match[1].toLowerCase() === 'oauth' ? 'OAuth' : 'Bearer';
    return { scheme, token: match[2] };
  }
  const { oauth_token: oauthToken, access_token: accessToken } = req.query;
  if (typeof oauthToken === 'string') return { scheme: 'OAuth', token: oauthToken };
  if (typeof accessToken === 'string') return { scheme: 'Bearer', token: accessToken };
  return { scheme: 'Bearer' };
}

/** A client's HTTP Basic credentials (RFC 6749 2.3.1): its id and its (ignored) secret. */
export interface BasicClient {
  clientId: string;
}

/**
 * The client of `Authorization: Basic base64(client_id ":" secret)`, each part
 * form-urlencoded first (RFC 6749 2.3.1), as OAuth libraries and Swagger UI send it.
 * @returns the client, null without Basic credentials, or 'malformed'
 */
export function basicClient(req: Request): BasicClient | null | 'malformed' {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!match) return /^Basic\b/i.test(req.headers.authorization ?? '') ? 'malformed' : null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'malformed';
  try {
    return { clientId: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')) };
  } catch {
    return 'malformed';
  }
}

/** Parameter decorator for {@link basicClient}. */
export const BasicClientCredentials = createParamDecorator(
  (_data: unknown, context: ExecutionContext) =>
    basicClient(context.switchToHttp().getRequest<Request>()),
);

/** Parameter decorator for {@link presentedToken}. */
export const AccessTokenCredentials = createParamDecorator(
  (_data: unknown, context: ExecutionContext) =>
    presentedToken(context.switchToHttp().getRequest<Request>()),
);
