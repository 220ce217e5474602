import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  NestInterceptor,
  Type,
  UseInterceptors,
} from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { map, Observable } from 'rxjs';

/** Maps a route's domain result to its wire body with one mapper function. */
export class MapResponseInterceptor<Result, Body> implements NestInterceptor<Result, Body> {
  constructor(private readonly mapper: (result: Result) => Body) {}

  intercept(_context: ExecutionContext, next: CallHandler<Result>): Observable<Body> {
    return next.handle().pipe(map(this.mapper));
  }
}

/** What Swagger says of a route's 200 answer: its type is the mapper's output type. */
export interface MappedResponseDocs<Body> {
  type: Type<Body>;
  description: string;
  /** Headers the answer carries, as OpenAPI declares them. */
  headers?: Record<string, { description: string; schema: { type: 'string' } }>;
}

/**
 * Route decorator: the handler returns a domain result, `mapper` turns it into the wire body
 * (the design card's interceptor), and Swagger documents the mapper's output type as the 200
 * answer. The compiler checks that the handler returns what the mapper takes.
 */
export function MapResponse<Result, Body>(
  mapper: (result: Result) => Body,
  docs: MappedResponseDocs<Body>,
) {
  const decorator = applyDecorators(
    UseInterceptors(new MapResponseInterceptor(mapper)),
    ApiOkResponse({ type: docs.type, description: docs.description, headers: docs.headers }),
  );
  return <Handler extends (...args: never[]) => Result | Promise<Result>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<Handler>,
  ): void => {
    decorator(target, key, descriptor);
  };
}
