import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { map, Observable } from 'rxjs';
import { SignupCreated } from '../accounts/signup.types';
import { MillinerSignupResponse } from './milliner.dto';

/** Maps a committed signup to Milliner's 200 body: `{"status":"OK","message":"Signup for <username> saved"}`. */
@Injectable()
export class MillinerResponseInterceptor implements NestInterceptor<
  SignupCreated,
  MillinerSignupResponse
> {
  intercept(
    _context: ExecutionContext,
    next: CallHandler<SignupCreated>,
  ): Observable<MillinerSignupResponse> {
    return next
      .handle()
      .pipe(
        map((outcome) => ({ status: 'OK', message: `Signup for ${outcome.user.username} saved` })),
      );
  }
}
