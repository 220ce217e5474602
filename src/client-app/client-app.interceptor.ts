import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Response } from 'express';
import { map, Observable } from 'rxjs';
import { SignupCreated } from '../accounts/signup.types';
import { ClientAppSignUpResponse } from './client-app.dto';
import { toClientAppUser } from './client-app.mapper';

/**
 * Maps a committed sign-up to `{user, access_token}` with `Cache-Control: no-store`
 * (RFC 6749 5.1: the response carries a token).
 */
@Injectable()
export class ClientAppResponseInterceptor implements NestInterceptor<
  SignupCreated,
  ClientAppSignUpResponse
> {
  intercept(
    context: ExecutionContext,
    next: CallHandler<SignupCreated>,
  ): Observable<ClientAppSignUpResponse> {
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((outcome) => {
        response.setHeader('Cache-Control', 'no-store');
        return { user: toClientAppUser(outcome.user), access_token: outcome.accessToken as string };
      }),
    );
  }
}
