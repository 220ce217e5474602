import { applyDecorators, ArgumentsHost, ExceptionFilter, Logger, Type } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { Response } from 'express';

/** The cause of every 503 in the dialects' words (docs/accounts.md, "Requests"). */
export const SERVICE_UNAVAILABLE_TEXT =
  'The service is busy or its database is unreachable; retry later';

/** One error answer of a dialect: status, body, and the headers that go with it. */
export interface ErrorAnswer<Body> {
  status: number;
  body: Body;
  /** Seconds for `Retry-After`, sent with 503 and 429 (1 when not given). */
  retryAfterSeconds?: number;
  /** Further headers, e.g. `WWW-Authenticate` on a 401. */
  headers?: Record<string, string>;
}

/**
 * The one error path of a dialect: each dialect's filter extends this class and gives its
 * mapping ({@link answer}) and its 500 body; this class owns the rest. A response already
 * being sent is ended, not answered twice; 503 and 429 carry `Retry-After`; an error the
 * dialect does not map is a bug, logged (name, message, stack, never the request) and
 * answered 500.
 */
export abstract class DialectExceptionFilter<Body> implements ExceptionFilter {
  private readonly logger = new Logger('UnexpectedError');

  /**
   * The dialect's answer to an error it knows.
   * @returns undefined for an error it does not know (a bug: 500)
   */
  abstract answer(error: unknown): ErrorAnswer<Body> | undefined;

  /** The dialect's body for a 500. */
  protected abstract serverError(): Body;

  /** Headers on every error answer of the dialect. */
  protected commonHeaders(): Record<string, string> {
    return {};
  }

  catch(thrown: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const known = this.answer(thrown);
    if (!known) this.logUnexpected(thrown);
    if (response.headersSent) {
      response.end();
      return;
    }
    const answer = known ?? { status: 500, body: this.serverError() };
    for (const [name, value] of Object.entries({ ...this.commonHeaders(), ...answer.headers })) {
      response.setHeader(name, value);
    }
    if (answer.status === 503 || answer.status === 429) {
      response.setHeader('Retry-After', String(answer.retryAfterSeconds ?? 1));
    }
    response.status(answer.status).json(answer.body);
  }

  private logUnexpected(error: unknown): void {
    const { name, message, stack } = (error ?? {}) as Error;
    this.logger.error(`${name}: ${message}`, stack);
  }
}

/**
 * An error answer as the dialect documents it in Swagger, with an error that produces it: a
 * test renders `cause()` through the dialect's filter and compares with `value`.
 */
export interface DocumentedError<Body> {
  status: number;
  /** Key of the example in the document (unique per status); the summary when absent. */
  name?: string;
  /** Example name in Swagger UI: what the example shows. */
  summary: string;
  value: Body;
  cause: () => unknown;
}

/** The headers documented with an error status. */
const HEADERS: Record<
  number,
  Record<string, { description: string; schema: { type: 'string' } }>
> = {
  401: {
    'WWW-Authenticate': {
      description: 'The challenge: Basic for a client, Bearer or OAuth for a token',
      schema: { type: 'string' },
    },
  },
  405: { Allow: { description: 'The methods the path serves', schema: { type: 'string' } } },
  429: {
    'Retry-After': {
      description: 'Seconds until the limit frees a slot',
      schema: { type: 'string' },
    },
  },
  503: {
    'Retry-After': { description: 'Seconds after which to retry', schema: { type: 'string' } },
  },
};

/**
 * Swagger responses for documented errors: one response per status, with the given
 * description and every example of that status.
 */
export function ApiErrorResponses<Body>(
  type: Type<Body>,
  descriptions: Record<number, string>,
  examples: readonly DocumentedError<Body>[],
): MethodDecorator & ClassDecorator {
  const statuses = [...new Set(examples.map((example) => example.status))];
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        type,
        description: descriptions[status] ?? '',
        headers: HEADERS[status],
        examples: Object.fromEntries(
          examples
            .filter((example) => example.status === status)
            .map((example) => [
              example.name ?? example.summary,
              { summary: example.summary, value: example.value },
            ]),
        ),
      }),
    ),
  );
}
