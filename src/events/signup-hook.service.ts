import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Webhook } from 'standardwebhooks';
import { AccountsErrorCode, AccountsException } from '../accounts/accounts.errors';
import { EnvironmentVariables } from '../config/env.validation';
import { EventUser } from './event-payload';

/** Message of a refusal when the hook could not answer (fail closed). */
export const HOOK_UNAVAILABLE_MESSAGE = 'Signup could not be validated; try again later';

/**
 * The validation hook of events.md: before a signup's password is hashed, POSTs
 * `{"type": "user.creating", "data": {"user": …}}` (no password) to `SIGNUP_HOOK_URL`, signed
 * like webhooks when `SIGNUP_HOOK_SECRET` is set, and waits at most `SIGNUP_HOOK_TIMEOUT_MS`.
 * `{"allow": true}` lets the signup go on; `{"allow": false, "message"}` refuses it. A timeout,
 * an error or a malformed answer refuses too, unless `SIGNUP_HOOK_FAIL_OPEN=true`.
 */
@Injectable()
export class SignupHookService {
  private readonly logger = new Logger(SignupHookService.name);
  private readonly url: string;
  private readonly webhook: Webhook | null;
  private readonly timeoutMs: number;
  private readonly failOpen: boolean;

  constructor(config: ConfigService<EnvironmentVariables, true>) {
    this.url = config.get('SIGNUP_HOOK_URL', { infer: true });
    const secret = config.get('SIGNUP_HOOK_SECRET', { infer: true });
    this.webhook = secret ? new Webhook(secret) : null;
    this.timeoutMs = config.get('SIGNUP_HOOK_TIMEOUT_MS', { infer: true });
    this.failOpen = config.get('SIGNUP_HOOK_FAIL_OPEN', { infer: true });
  }

  /**
   * @param user the user about to be created (id and timestamps null)
   * @throws AccountsException SignupRefused with the hook's message, or with
   *   {@link HOOK_UNAVAILABLE_MESSAGE} when the hook failed and the service fails closed
   */
  async check(user: EventUser): Promise<void> {
    if (!this.url) return;
    let verdict: { allow: boolean; message: string };
    try {
      verdict = await this.ask(user);
    } catch (error) {
      if (this.failOpen) {
        this.logger.warn(
          `Signup hook failed (${(error as Error).message}); letting the signup through (SIGNUP_HOOK_FAIL_OPEN)`,
        );
        return;
      }
      this.logger.warn(`Signup hook failed (${(error as Error).message}); refusing the signup`);
      throw new AccountsException(AccountsErrorCode.SignupRefused, HOOK_UNAVAILABLE_MESSAGE);
    }
    if (!verdict.allow)
      throw new AccountsException(AccountsErrorCode.SignupRefused, verdict.message);
  }

  private async ask(user: EventUser): Promise<{ allow: boolean; message: string }> {
    const body = JSON.stringify({ type: 'user.creating', data: { user } });
    const id = `msg_${randomBytes(12).toString('hex')}`;
    const timestamp = new Date();
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'signup-gateway-hook',
    };
    if (this.webhook) {
      headers['webhook-id'] = id;
      headers['webhook-timestamp'] = String(Math.floor(timestamp.getTime() / 1000));
      headers['webhook-signature'] = this.webhook.sign(id, timestamp, body);
    }
    const response = await fetch(this.url, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(this.timeoutMs),
      redirect: 'manual',
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      throw new Error('answer is not JSON');
    }
    const { allow, message } = (answer ?? {}) as { allow?: unknown; message?: unknown };
    if (allow === true) return { allow: true, message: '' };
    if (allow === false) {
      return {
        allow: false,
        message: typeof message === 'string' && message ? message.slice(0, 500) : 'Signup refused',
      };
    }
    throw new Error('answer has no boolean "allow"');
  }
}
