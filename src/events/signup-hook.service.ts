import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Webhook } from 'standardwebhooks';
import { AppConfig } from '../config/app-config';
import { EventUser } from './event-payload';

/** Message of a refusal when the hook could not answer (fail closed). */
export const HOOK_UNAVAILABLE_MESSAGE = 'Signup could not be validated; try again later';

/**
 * The hook's answer: let the signup go on; refuse it with a message safe to show; or, when
 * `SIGNUP_HOOK_MAX_IN_FLIGHT` calls are already waiting for the hook, busy (answer 503).
 */
export type HookVerdict = { allow: true } | { allow: false; message: string } | { busy: true };

const ALLOW: HookVerdict = { allow: true };

/** Largest hook answer read; a longer one is a malformed answer (docs/events.md). */
export const HOOK_REPLY_MAX_BYTES = 8 * 1024;

/**
 * The validation hook of docs/events.md: before a signup's password is hashed, POSTs
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
  private readonly maxInFlight: number;
  private inFlight = 0;

  constructor(config: AppConfig) {
    this.url = config.get('SIGNUP_HOOK_URL');
    const secret = config.get('SIGNUP_HOOK_SECRET');
    this.webhook = secret ? new Webhook(secret) : null;
    this.timeoutMs = config.get('SIGNUP_HOOK_TIMEOUT_MS');
    this.failOpen = config.get('SIGNUP_HOOK_FAIL_OPEN');
    this.maxInFlight = config.get('SIGNUP_HOOK_MAX_IN_FLIGHT');
  }

  /**
   * Asks the hook about a signup; allows at once when no hook is configured.
   * @param user the user about to be created (id and timestamps null)
   * @returns the hook's verdict; when the hook failed (timeout, error, malformed or oversized
   *   answer) a refusal with {@link HOOK_UNAVAILABLE_MESSAGE}, or an allow with
   *   `SIGNUP_HOOK_FAIL_OPEN`; busy when `SIGNUP_HOOK_MAX_IN_FLIGHT` calls are in flight
   */
  async verdict(user: EventUser): Promise<HookVerdict> {
    if (!this.url) return ALLOW;
    if (this.inFlight >= this.maxInFlight) return { busy: true };
    this.inFlight += 1;
    try {
      return await this.ask(user);
    } catch (error) {
      const failure = (error as Error).message;
      if (this.failOpen) {
        this.logger.warn(
          `Signup hook failed (${failure}); letting the signup through (SIGNUP_HOOK_FAIL_OPEN)`,
        );
        return ALLOW;
      }
      this.logger.warn(`Signup hook failed (${failure}); refusing the signup`);
      return { allow: false, message: HOOK_UNAVAILABLE_MESSAGE };
    } finally {
      this.inFlight -= 1;
    }
  }

  private async ask(user: EventUser): Promise<HookVerdict> {
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
    const text = await readAtMost(response, HOOK_REPLY_MAX_BYTES);
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      throw new Error('answer is not JSON');
    }
    const { allow, message } = (answer ?? {}) as { allow?: unknown; message?: unknown };
    if (allow === true) return ALLOW;
    if (allow === false) {
      return {
        allow: false,
        message: typeof message === 'string' && message ? message.slice(0, 500) : 'Signup refused',
      };
    }
    throw new Error('answer has no boolean "allow"');
  }
}

/**
 * Reads a response body up to `limit` bytes, as UTF-8.
 * @throws Error when the body is longer (the rest is not read)
 */
async function readAtMost(response: Response, limit: number): Promise<string> {
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader() as ReadableStreamDefaultReader<Uint8Array>;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new Error(`answer longer than ${limit} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
