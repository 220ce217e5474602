import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Response } from 'express';
import { map, Observable } from 'rxjs';
import { SignupOutcome } from '../accounts/signup.types';
import { newCid } from './sso-envelope';
import { SsoSignupResponse } from './sso.dto';

/**
 * Maps a signup outcome to the SSO envelope `{cid, status: "ok", confirm_token}`. A hidden
 * duplicate looks exactly like a success (sso.md). Every response gets `Cache-Control: no-store`.
 */
@Injectable()
export class SsoResponseInterceptor implements NestInterceptor<SignupOutcome, SsoSignupResponse> {
  intercept(
    context: ExecutionContext,
    next: CallHandler<SignupOutcome>,
  ): Observable<SsoSignupResponse> {
    context.switchToHttp().getResponse<Response>().setHeader('Cache-Control', 'no-store');
    return next.handle().pipe(
      map((outcome) => ({
        cid: newCid(),
        status: 'ok',
        confirm_token: outcome.confirmToken as string,
      })),
    );
  }
}
