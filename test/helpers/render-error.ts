import { ArgumentsHost, ExceptionFilter } from '@nestjs/common';

/** What an exception filter answered: status, headers (lower-case names) and JSON body. */
export interface RenderedError {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * Runs `error` through a dialect's exception filter against a stand-in express response,
 * without an app: the filter's answer as a client would see it.
 */
export function renderError(filter: ExceptionFilter, error: unknown): RenderedError {
  const rendered: RenderedError = { status: 0, headers: {}, body: undefined };
  const response = {
    headersSent: false,
    setHeader(name: string, value: string) {
      rendered.headers[name.toLowerCase()] = value;
    },
    status(status: number) {
      rendered.status = status;
      return response;
    },
    json(body: unknown) {
      rendered.body = body;
      return response;
    },
    end() {
      return response;
    },
  };
  const host = {
    switchToHttp: () => ({ getResponse: () => response, getRequest: () => ({}) }),
  } as unknown as ArgumentsHost;
  filter.catch(error, host);
  return rendered;
}
