import { ConsoleLogger } from '@nestjs/common';
import request from 'supertest';
import { createTestApp, TestApp } from './helpers/test-app';

/** Collects every line the app logs, at every level. */
class CapturingLogger extends ConsoleLogger {
  readonly lines: string[] = [];
  protected override printMessages(messages: unknown[], context = '', logLevel = 'log'): void {
    this.lines.push(
      `${logLevel} ${context} ${messages.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ')}`,
    );
  }
}

describe('no password, hash or foreign token in responses or logs (docs/accounts.md, "Failures")', () => {
  let t: TestApp;
  const logger = new CapturingLogger();
  const stdout: string[] = [];
  let restore: () => void;
  beforeAll(async () => {
    t = await createTestApp({ logger });
    const write = process.stdout.write.bind(process.stdout);
    const writeErr = process.stderr.write.bind(process.stderr);
    const capture = (chunk: unknown) => {
      stdout.push(String(chunk));
      return true;
    };
    process.stdout.write = capture;
    process.stderr.write = capture;
    restore = () => {
      process.stdout.write = write;
      process.stderr.write = writeErr;
    };
  });
  afterAll(async () => {
    restore();
    await t.close();
  });

  it('answers each request with only its own token, and logs none of them', async () => {
    const password = 'correct-horse-battery';
    const texts: string[] = [];
    const signup = await request(t.http)
      .post('/sign-up')
      .send({ username: 'leaky', password, client_id: 'zpjfcgu8nqgrpwlsau30ycpl2mc9ox' });
    const first = signup.body.access_token as string;
    texts.push(signup.text);
    const signIn = await request(t.http).post('/oauth/authorize').send({
      username: 'leaky',
      password,
      grant_type: 'password',
      client_id: 'zpjfcgu8nqgrpwlsau30ycpl2mc9ox',
    });
    const second = signIn.body.access_token as string;
    expect(signIn.text).not.toContain(first);
    for (const res of [
      await request(t.http).get('/users/me').query({ oauth_token: first }),
      await request(t.http).get('/users/me').set('Authorization', `Bearer ${second}`),
      await request(t.http).get('/users/me').query({ oauth_token: 'not-a-real-token-but-secret' }),
    ]) {
      expect(res.text).not.toContain(first);
      expect(res.text).not.toContain(second);
      expect(res.text).not.toContain('not-a-real-token-but-secret');
      texts.push(res.text);
    }
    const sso = await request(t.http)
      .post('/zato/sso/user/signup')
      .send({ username: 'leaky2', password, current_app: 'CRM', app_list: ['CRM'] });
    const confirm = await request(t.http)
      .patch('/zato/sso/user/signup')
      .send({ confirm_token: sso.body.confirm_token, current_app: 'CRM' });
    expect(confirm.text).not.toContain(sso.body.confirm_token);
    texts.push(confirm.text);
    const hashes = (
      await t.query<Array<{ password_hash: string }>>('SELECT password_hash FROM users')
    ).map((row) => row.password_hash);
    // The capture works: the routes mapped at start were logged.
    expect(logger.lines.join('\n')).toContain('Mapped {/users/me, GET} route');
    const logged = [...logger.lines, ...stdout].join('\n');
    for (const secret of [
      password,
      first,
      second,
      'not-a-real-token-but-secret',
      sso.body.confirm_token as string,
      ...hashes,
    ]) {
      expect(logged).not.toContain(secret);
      for (const text of texts)
        if (secret !== first) expect(text.replace(first, '')).not.toContain(secret);
    }
    expect(texts.join('\n')).not.toMatch(/\$2[aby]\$/);
  });
});
