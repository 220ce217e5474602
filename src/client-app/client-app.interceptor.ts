import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Response } from 'express';
import { map, Observable } from 'rxjs';
import {
  ClientAppMeResponse,
  ClientAppSignInResponse,
  ClientAppSignUpResponse,
} from './client-app.dto';
import { toClientAppUser } from './client-app.mapper';
import { ClientAppResult } from './client-app.service';

type ClientAppResponse = ClientAppSignUpResponse | ClientAppSignInResponse | ClientAppMeResponse;

/**
 * Maps results to the dialect's bodies: sign-up `{user, access_token}`, sign-in
 * `{access_token}`, `/users/me` `{user}`. All carry a token or a user, so all get
 * `Cache-Control: no-store` (RFC 6749 5.1; accounts.md).
 */
@Injectable()
export class ClientAppResponseInterceptor implements NestInterceptor<
  ClientAppResult,
  ClientAppResponse
> {
  intercept(
    context: ExecutionContext,
    next: CallHandler<ClientAppResult>,
  ): Observable<ClientAppResponse> {
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((result): ClientAppResponse => {
        response.setHeader('Cache-Control', 'no-store');
        switch (result.kind) {
          case 'created':
            return {
              user: toClientAppUser(result.user),
              access_token: result.accessToken as string,
            };
          case 'signed-in':
            return { access_token: result.accessToken };
          case 'me':
            return { user: toClientAppUser(result.user) };
        }
      }),
    );
  }
}
