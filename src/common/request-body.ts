// Why bodies are read raw and parsed per route: Nest's body parser runs as express middleware,
// and its errors (malformed JSON, too large) reach only global exception filters, so a
// dialect's controller-scoped filter could never answer them in that dialect's shape. Here
// express only collects the bytes (64 KiB at most) and records any error; each route parses
// its body itself ({@link DialectBody}), inside the route, where its dialect's filter renders
// every failure. It also lets each dialect accept its own content types.
import {
  createParamDecorator,
  ExecutionContext,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import express, { NextFunction, Request, Response } from 'express';
import {
  decodeUtf8,
  hasLoneSurrogate,
  jsonErrorPosition,
  jsonNestingExceeds,
  MAX_JSON_DEPTH,
} from './body-text';
import { Refusal } from './refusal';

/** Largest request body accepted (docs/accounts.md, "Requests": larger is 413). */
export const BODY_LIMIT_BYTES = 64 * 1024;

/** Why a request body was refused before any dialect rule ran. */
export enum RequestBodyProblem {
  TooLarge = 'too_large',
  UnsupportedMediaType = 'unsupported_media_type',
  Malformed = 'malformed',
  NotAnObject = 'not_an_object',
  FieldMissing = 'field_missing',
  FieldNotString = 'field_not_string',
  FieldWrongType = 'field_wrong_type',
  FieldOutOfRange = 'field_out_of_range',
  /** A field holds characters it may not (control characters, bidi controls). */
  FieldInvalidCharacters = 'field_invalid_characters',
}

/**
 * A request body the service could not take, with the field concerned (if any) and a
 * description of what is wrong. Each dialect's filter renders it in its own shape.
 */
export class RequestBodyException extends Refusal {
  readonly problem: RequestBodyProblem;
  readonly field?: string;

  constructor(problem: RequestBodyProblem, message: string, field?: string) {
    super(message);
    this.problem = problem;
    this.field = field;
  }
}

interface RequestWithBody extends Request {
  rawBodyError?: { type?: string; status?: number };
}

const captureRaw = express.raw({ type: () => true, limit: BODY_LIMIT_BYTES });

/**
 * Express middleware: reads every body as raw bytes (at most 64 KiB) with body-parser and,
 * instead of answering errors itself, records them so that the route's dialect can answer in
 * its own shape. Parsing happens per dialect ({@link DialectBody}), since each accepts
 * other content types.
 */
export function captureRawBody(req: Request, res: Response, next: NextFunction): void {
  void captureRaw(req, res, (error?: unknown) => {
    if (error) {
      const { type, status } = error as { type?: string; status?: number };
      (req as RequestWithBody).rawBodyError = { type, status };
      req.body = undefined;
    }
    next();
  });
}

/** Content types a dialect parses, and how it treats the others. */
export interface BodyFormat {
  /** Parse as JSON whatever the Content-Type says (Zato does). */
  alwaysJson?: boolean;
  /** Also accept `application/x-www-form-urlencoded` (Rails clients send it). */
  allowForm?: boolean;
  /** Message for an unsupported Content-Type. */
  unsupportedMessage: string;
}

/** Says where the JSON is broken, never what it says there (it may be a password). */
function describeJsonError(text: string): string {
  const position = jsonErrorPosition(text);
  return position >= text.length
    ? 'Request body is not valid JSON: it ends too early'
    : `Request body is not valid JSON at position ${position}`;
}

const malformed = (message: string) =>
  new RequestBodyException(RequestBodyProblem.Malformed, message);

/**
 * Parses the request body for a dialect per its {@link BodyFormat}.
 * JSON `null` values are dropped: they count as absent (docs/accounts.md).
 * @throws RequestBodyException TooLarge, UnsupportedMediaType, Malformed or NotAnObject.
 * @throws RequestBodyException
 */
export function parseBody(req: Request, format: BodyFormat): Record<string, unknown> {
  const captured = (req as RequestWithBody).rawBodyError;
  if (captured) {
    if (captured.type === 'entity.too.large' || captured.status === 413) {
      throw new RequestBodyException(
        RequestBodyProblem.TooLarge,
        `Request body must be at most ${BODY_LIMIT_BYTES} bytes`,
      );
    }
    throw malformed('Request body could not be read');
  }
  const raw = decodeUtf8(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
  if (raw === null) throw malformed('Request body is not valid UTF-8');
  const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  let parsed: unknown;
  if (format.allowForm && contentType === 'application/x-www-form-urlencoded') {
    parsed = parseForm(raw);
  } else if (
    format.alwaysJson ||
    contentType === 'application/json' ||
    contentType.endsWith('+json')
  ) {
    if (raw.trim() === '') {
      throw new RequestBodyException(
        RequestBodyProblem.NotAnObject,
        'Request body must be a JSON object',
      );
    }
    // Before anything walks the body: the parser, the lone-surrogate check, the validators.
    if (jsonNestingExceeds(raw)) {
      throw malformed(`Request body is nested deeper than ${MAX_JSON_DEPTH} levels`);
    }
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw malformed(describeJsonError(raw));
    }
    if (hasLoneSurrogate(parsed)) {
      throw malformed(
        'Request body holds a lone surrogate (\\ud800 to \\udfff), which is not text',
      );
    }
  } else {
    throw new RequestBodyException(
      RequestBodyProblem.UnsupportedMediaType,
      format.unsupportedMessage,
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new RequestBodyException(
      RequestBodyProblem.NotAnObject,
      'Request body must be a JSON object',
    );
  }
  return withoutNulls(parsed as Record<string, unknown>);
}

/**
 * Parses `application/x-www-form-urlencoded` strictly: a percent-encoding that is not UTF-8
 * is refused (URLSearchParams would repair it to U+FFFD).
 * @throws RequestBodyException Malformed
 */
function parseForm(raw: string): Record<string, unknown> {
  // No prototype: a field named __proto__ is a field like any other.
  const fields = Object.create(null) as Record<string, unknown>;
  const decode = (part: string) => {
    try {
      return decodeURIComponent(part.replace(/\+/g, ' '));
    } catch {
      throw malformed('Request body is not valid form data: a percent-encoding is not UTF-8');
    }
  };
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const at = pair.indexOf('=');
    const key = decode(at < 0 ? pair : pair.slice(0, at));
    const value = at < 0 ? '' : decode(pair.slice(at + 1));
    const previous = fields[key];
    // A repeated key becomes a list, which then fails the "must be a string" check.
    fields[key] = previous === undefined ? value : ([] as unknown[]).concat(previous, value);
  }
  return fields;
}

function withoutNulls(body: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) if (value !== null) result[key] = value;
  return result;
}

/**
 * class-validator constraint names the dialects' messages distinguish; a field's first
 * failure is read in this order.
 */
const PROBLEM_BY_CONSTRAINT: Array<[string, RequestBodyProblem]> = [
  ['isDefined', RequestBodyProblem.FieldMissing],
  ['isNotEmpty', RequestBodyProblem.FieldMissing],
  ['isString', RequestBodyProblem.FieldNotString],
  ['isArray', RequestBodyProblem.FieldWrongType],
  ['isStringList', RequestBodyProblem.FieldWrongType],
  ['isPlainText', RequestBodyProblem.FieldInvalidCharacters],
];

/**
 * A ValidationPipe (class-validator DTOs) that reports only the first failing field, in the
 * DTO's declaration order, as a {@link RequestBodyException}. Unknown fields are stripped.
 */
export function firstErrorValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidUnknownValues: false,
    validateCustomDecorators: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors: ValidationError[]) => {
      const first = errors[0];
      const constraints = first.constraints ?? {};
      const match = PROBLEM_BY_CONSTRAINT.find(([name]) => name in constraints);
      const problem = match ? match[1] : RequestBodyProblem.FieldOutOfRange;
      const message = match ? constraints[match[0]] : Object.values(constraints)[0];
      return new RequestBodyException(problem, message, first.property);
    },
  });
}

/**
 * Parameter decorator: the request body parsed per the dialect's {@link BodyFormat}, then
 * passed through the given pipes (usually {@link firstErrorValidationPipe}). Errors are thrown
 * inside the route, so the dialect's exception filter renders them.
 */
export const DialectBody = createParamDecorator((format: BodyFormat, context: ExecutionContext) =>
  parseBody(context.switchToHttp().getRequest<Request>(), format),
);
