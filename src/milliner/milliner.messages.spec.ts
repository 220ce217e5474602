import { Logger } from '@nestjs/common';
import { AccountsErrorCode, AccountsException } from '../accounts/accounts.errors';
import { renderError } from '../../test/helpers/render-error';
import { MillinerExceptionFilter } from './milliner-exception.filter';
import { MILLINER_ERROR_EXAMPLES } from './milliner.messages';

describe('Milliner error answers (docs/milliner.md, "Errors")', () => {
  const filter = new MillinerExceptionFilter();

  it.each(MILLINER_ERROR_EXAMPLES.map((example) => [example.summary, example] as const))(
    'answers the documented example %j exactly',
    (_summary, example) => {
      const rendered = renderError(filter, example.cause());
      expect({ status: rendered.status, body: rendered.body }).toEqual({
        status: example.status,
        body: example.value,
      });
      if (example.status === 503) expect(rendered.headers['retry-after']).toBe('1');
      if (example.status === 429) expect(rendered.headers['retry-after']).toBe('60');
    },
  );

  it('answers every Accounts code with a 4xx or a 503 in its shape, never a 500', () => {
    for (const code of Object.values(AccountsErrorCode)) {
      const { status, body } = renderError(filter, new AccountsException(code));
      expect([400, 503, 429]).toContain(status);
      expect(Object.keys(body as object)).toEqual(['message', 'cause']);
    }
  });

  it('answers an unexpected error 500 without its message, and logs it', () => {
    const log = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const rendered = renderError(filter, new TypeError('detail for operators'));
    expect(rendered).toEqual({
      status: 500,
      headers: {},
      body: { message: 'Internal server error', cause: 'An unexpected error occurred' },
    });
    expect(log).toHaveBeenCalledWith('TypeError: detail for operators', expect.any(String));
    log.mockRestore();
  });
});
