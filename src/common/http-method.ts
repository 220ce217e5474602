import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Response } from 'express';
import { Refusal } from './refusal';

/**
 * A request with a method the path does not serve: each dialect answers 405 with `Allow`, in
 * its own shape (docs/accounts.md, "Hostile input"), instead of the framework's 404.
 */
export class MethodNotAllowedException extends Refusal {
  constructor(readonly allowed: readonly string[]) {
    super(`Method not allowed: use ${allowed.join(' or ')}`);
  }

  /** The `Allow` header of the answer. */
  get allowHeader(): string {
    return this.allowed.join(', ');
  }
}

/**
 * Parameter decorator: an AbortSignal that fires when the client goes away before its answer
 * is sent, so that work still waiting (a place in the bcrypt queue) is dropped, not done.
 */
export const ClientGone = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const response = context.switchToHttp().getResponse<Response>();
  const controller = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) controller.abort();
  });
  return controller.signal;
});
