import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AttemptLimits } from './attempt-limits';

/** The client IP as Express resolved it (`trust proxy`), read without importing Express. */
const clientIp = (context: ExecutionContext): string | undefined =>
  context.switchToHttp().getRequest<{ ip?: string }>().ip;

/**
 * Counts a signup attempt against its client IP before anything else runs, body parsing and
 * validation included, so that every attempt counts whatever its outcome (docs/accounts.md,
 * "Rate limits"). Past the limit it throws AccountsException TooManyAttempts, which the
 * route's dialect filter answers as its 429.
 */
@Injectable()
export class SignupIpLimit implements CanActivate {
  constructor(private readonly limits: AttemptLimits) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    await this.limits.ipAttempt('signup_ip', clientIp(context));
    return true;
  }
}

/** The same for sign-in attempts (`RATE_LIMIT_SIGNIN_PER_IP`). */
@Injectable()
export class SigninIpLimit implements CanActivate {
  constructor(private readonly limits: AttemptLimits) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    await this.limits.ipAttempt('signin_ip', clientIp(context));
    return true;
  }
}
