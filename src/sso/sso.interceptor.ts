import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Response } from 'express';
import { map, Observable } from 'rxjs';
import { newCid } from './sso-envelope';
import { SsoConfirmResponse, SsoSignupResponse } from './sso.dto';
import { SsoResult } from './sso.service';

type SsoResponse = SsoSignupResponse | SsoConfirmResponse;

/**
 * Maps results to the SSO envelope: a signup to `{cid, status: "ok", confirm_token}` (a
 * hidden duplicate looks exactly like a success, sso.md), a confirmation to
 * `{cid, status: "ok"}`. Every response gets `Cache-Control: no-store`.
 */
@Injectable()
export class SsoResponseInterceptor implements NestInterceptor<SsoResult, SsoResponse> {
  intercept(context: ExecutionContext, next: CallHandler<SsoResult>): Observable<SsoResponse> {
    context.switchToHttp().getResponse<Response>().setHeader('Cache-Control', 'no-store');
    return next.handle().pipe(
      map((result): SsoResponse => {
        if (result.kind === 'confirmed') return { cid: newCid(), status: 'ok' };
        return { cid: newCid(), status: 'ok', confirm_token: result.confirmToken as string };
      }),
    );
  }
}
