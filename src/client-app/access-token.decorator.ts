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
 * Reads the token from `Authorization: OAuth <token>`, `Authorization: Bearer <token>` or the
 * `oauth_token` query parameter (docs/client-app.md). A query-string token answers with the `OAuth`
 * scheme (the seed's draft-era transport); no credentials at all answer with `Bearer`.
 */
export function presentedToken(req: Request): PresentedToken {
  const header = req.headers.authorization;
  if (header) {
    const match = AUTHORIZATION.exec(header);
    if (match) {
      const scheme: TokenScheme = match[1].toLowerCase() === 'oauth' ? 'OAuth' : 'Bearer';
      return { scheme, token: match[2] };
    }
    return { scheme: 'Bearer', token: '' };
  }
  const query = req.query.oauth_token;
  if (typeof query === 'string') return { scheme: 'OAuth', token: query };
  return { scheme: 'Bearer' };
}

/** Parameter decorator for {@link presentedToken}. */
export const AccessTokenCredentials = createParamDecorator(
  (_data: unknown, context: ExecutionContext) =>
    presentedToken(context.switchToHttp().getRequest<Request>()),
);
