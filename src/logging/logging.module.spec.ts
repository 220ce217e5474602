import { IncomingMessage, ServerResponse } from 'node:http';
import { dialectOf, httpLoggerOptions, redactUrl } from './logging.module';

describe('access log options (docs/deployment.md, "Logs")', () => {
  const options = httpLoggerOptions('info', 'json');
  const res = (statusCode: number) => ({ statusCode }) as ServerResponse;
  const req = {} as IncomingMessage;

  it('redacts the values of secret query parameters, whatever their case or encoding', () => {
    expect(redactUrl('/users/me?access_token=abc&x=1')).toBe(
      '/users/me?access_token=[Redacted]&x=1',
    );
    expect(redactUrl('/p?OAuth_Token=abc&Pass%77ord=s3cret&code=9&keep=yes')).toBe(
      '/p?OAuth_Token=[Redacted]&Pass%77ord=[Redacted]&code=[Redacted]&keep=yes',
    );
    expect(redactUrl('/p?%E0%A4%A=x&token=y')).toBe('/p?%E0%A4%A=[Redacted]&token=[Redacted]');
    expect(redactUrl('/api/signup')).toBe('/api/signup');
  });

  it('names the dialect of a path', () => {
    expect(
      [
        '/api/signup',
        '/zato/sso/user/signup',
        '/sign-up',
        '/oauth/revoke',
        '/users/me',
        '/healthz',
      ].map(dialectOf),
    ).toEqual(['milliner', 'sso', 'client-app', 'client-app', 'client-app', 'none']);
  });

  it('logs 2xx and 4xx at info, 503 at warn, other 5xx at error, with one message and no stack', () => {
    const level = options.customLogLevel!;
    expect([200, 404, 429, 503, 500].map((status) => level(req, res(status), undefined))).toEqual([
      'info',
      'info',
      'info',
      'warn',
      'error',
    ]);
    expect(options.customErrorMessage!(req, res(503), new Error('x'))).toBe('request completed');
    expect(
      options.customErrorObject!(req, res(503), new Error('failed with status code 503'), {
        res: { statusCode: 503 },
        err: new Error('failed with status code 503'),
        durationMs: 3,
      }),
    ).toEqual({ res: { statusCode: 503 }, durationMs: 3 });
  });
});
