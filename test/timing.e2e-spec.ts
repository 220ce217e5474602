import * as bcrypt from 'bcrypt';
import request from 'supertest';
import { createTestApp, TestApp } from './helpers/test-app';
import { TEST_DB_KIND } from './helpers/databases';

const DEMO = 'zpjfcgu8nqgrpwlsau30ycpl2mc9ox';
const PASSWORD = 'correct-horse-battery';
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return (sorted[(sorted.length - 1) >> 1] + sorted[sorted.length >> 1]) / 2;
};
/** docs/accounts.md, "Oracles": 2 ms or 2 %, whichever is larger. */
const noise = (a: number, b: number) => Math.max(2, 0.02 * Math.max(a, b));

async function timed(send: () => request.Test, expected: number): Promise<number> {
  const started = performance.now();
  const res = await send();
  const ms = performance.now() - started;
  expect(res.status).toBe(expected);
  return ms;
}

/** Answer times that would tell a hidden duplicate or an old account (docs/accounts.md, "Oracles"). */
describe(`timing oracles (${TEST_DB_KIND})`, () => {
  jest.setTimeout(120000);
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { BCRYPT_COST: '8', HASH_CONCURRENCY: '1' } });
    await request(t.http)
      .post('/zato/sso/user/signup')
      .send({ username: 'taken.name', password: PASSWORD, current_app: 'CRM', app_list: ['CRM'] })
      .expect(200);
  });
  afterAll(() => t.close());

  it('hidden SSO duplicates answer as fast as real signups (medians of 50 each, interleaved)', async () => {
    const hidden: number[] = [];
    const real: number[] = [];
    for (let i = 0; i < 55; i += 1) {
      const sso = (username: string) => () =>
        request(t.http)
          .post('/zato/sso/user/signup')
          .send({ username, password: PASSWORD, current_app: 'CRM', app_list: ['CRM'] });
      const a = await timed(sso('taken.name'), 200);
      const b = await timed(sso(`real.${i}`), 200);
      if (i >= 5) {
        hidden.push(a);
        real.push(b);
      }
    }
    const [h, r] = [median(hidden), median(real)];
    console.log(
      `hidden duplicate median ${h.toFixed(2)} ms, real signup median ${r.toFixed(2)} ms`,
    );
    expect(Math.abs(h - r)).toBeLessThanOrEqual(noise(h, r));
  });

  it('sign-in: unknown user, wrong password, and wrong password on an older cost take the same time', async () => {
    for (const username of ['current.cost', 'older.cost']) {
      await request(t.http)
        .post('/sign-up')
        .send({ username, password: PASSWORD, client_id: DEMO })
        .expect(200);
    }
    // An account whose hash was made at a lower cost (before BCRYPT_COST was raised).
    await t.query('UPDATE users SET password_hash = ? WHERE username_canonical = ?', [
      await bcrypt.hash(PASSWORD, 4),
      'older.cost',
    ]);
    const signIn = (username: string) => () =>
      request(t.http)
        .post('/oauth/authorize')
        .send({ username, password: 'wrong-password!', grant_type: 'password', client_id: DEMO });
    const samples: Record<string, number[]> = { unknown: [], current: [], older: [] };
    for (let i = 0; i < 55; i += 1) {
      const unknown = await timed(signIn(`nobody.${i}`), 400);
      const current = await timed(signIn('current.cost'), 400);
      const older = await timed(signIn('older.cost'), 400);
      if (i < 5) continue;
      samples.unknown.push(unknown);
      samples.current.push(current);
      samples.older.push(older);
    }
    const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
    console.log(
      `sign-in medians: unknown ${m.unknown.toFixed(2)} ms, wrong password ${m.current.toFixed(2)} ms, older cost ${m.older.toFixed(2)} ms`,
    );
    expect(Math.abs(m.unknown - m.current)).toBeLessThanOrEqual(noise(m.unknown, m.current));
    expect(Math.abs(m.older - m.current)).toBeLessThanOrEqual(noise(m.older, m.current));
  });

  it('a successful sign-in replaces a hash of an older cost with one of the current cost', async () => {
    await request(t.http)
      .post('/oauth/authorize')
      .send({ username: 'older.cost', password: PASSWORD, grant_type: 'password', client_id: DEMO })
      .expect(200);
    const [row] = await t.query('SELECT password_hash FROM users WHERE username_canonical = ?', [
      'older.cost',
    ]);
    expect(row.password_hash).toMatch(/^\$2b\$08\$/);
    expect(await bcrypt.compare(PASSWORD, row.password_hash as string)).toBe(true);
  });
});
