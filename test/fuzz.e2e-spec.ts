import fc from 'fast-check';
import request from 'supertest';
import { createTestApp, tableCounts, TestApp } from './helpers/test-app';
import { TEST_DB_KIND } from './helpers/databases';

/**
 * Property-based fuzzing of every route (docs/accounts.md, "Hostile input"): arbitrary JSON
 * values in every field, arbitrary strings (lone surrogates, NUL, bidi, format characters),
 * arbitrary content types and raw bytes. Never a 5xx other than 503, always the route's own
 * shape, nothing written by a refusal. A fixed seed (FUZZ_SEED) and FUZZ_RUNS cases per route
 * (default 40); fast-check prints the seed and path of a failure so it can be replayed.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
const DEMO = 'zpjfcgu8nqgrpwlsau30ycpl2mc9ox';

interface Route {
  method: 'post' | 'patch' | 'get';
  path: string;
  fields: string[];
  /** True when a body has the route's own shape for this status. */
  shaped: (status: number, body: Record<string, unknown>) => boolean;
}

const keys = (body: Record<string, unknown>) => Object.keys(body).sort().join(',');
const millinerShape = (status: number, body: Record<string, unknown>) =>
  status === 200 ? keys(body) === 'message,status' : keys(body) === 'cause,message';
const ssoShape = (status: number, body: Record<string, unknown>) =>
  status === 200
    ? body.status === 'ok' && typeof body.cid === 'string'
    : keys(body) === 'cid,status,sub_status' && body.status === 'error';
const oauthShape = (status: number, body: Record<string, unknown>) =>
  status === 200 ? !('error' in body) : keys(body) === 'error,error_description';

const ROUTES: Route[] = [
  {
    method: 'post',
    path: '/api/signup',
    fields: ['fullName', 'username', 'email', 'pass', 'passRepeat'],
    shaped: millinerShape,
  },
  {
    method: 'post',
    path: '/zato/sso/user/signup',
    fields: ['username', 'password', 'email', 'current_app', 'app_list'],
    shaped: ssoShape,
  },
  {
    method: 'patch',
    path: '/zato/sso/user/signup',
    fields: ['confirm_token', 'current_app'],
    shaped: ssoShape,
  },
  {
    method: 'post',
    path: '/sign-up',
    fields: ['username', 'password', 'client_id'],
    shaped: oauthShape,
  },
  {
    method: 'post',
    path: '/oauth/authorize',
    fields: ['username', 'password', 'grant_type', 'client_id'],
    shaped: oauthShape,
  },
];

/** Strings a hostile client would send: anything, including lone surrogates and controls. */
const nastyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '',
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfffy',
    '\u202e',
    '\u200b',
    '\ufeff',
    '\u2800',
    'correct-horse-battery',
    DEMO,
    'CRM',
    'password',
    '__proto__',
  ),
);
const anyValue = fc.oneof(nastyString, fc.jsonValue({ maxDepth: 3 }), fc.array(nastyString));

/** A body built from the route's own field names with arbitrary values, plus stray fields. */
const bodyFor = (route: Route) =>
  fc.dictionary(
    fc.oneof(fc.constantFrom(...route.fields), fc.string({ maxLength: 10 })),
    anyValue,
    { maxKeys: route.fields.length + 2 },
  );

const contentType = fc.oneof(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'application/x-www-form-urlencoded',
    'text/plain',
    'application/vnd.api+json',
    '',
  ),
  fc.string({ maxLength: 30 }),
);

/** Percent-encodes every UTF-8 byte (encodeURIComponent throws on a lone surrogate). */
const percent = (text: string) =>
  [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

/** A request: a JSON body, a form body, or raw bytes, each under some content type. */
const payload = (route: Route) =>
  fc.oneof(
    bodyFor(route).map((body) => Buffer.from(JSON.stringify(body) ?? '', 'utf8')),
    bodyFor(route).map((body) =>
      Buffer.from(
        Object.entries(body)
          .map(
            ([k, v]) => `${percent(k)}=${percent(typeof v === 'string' ? v : JSON.stringify(v))}`,
          )
          .join('&'),
        'utf8',
      ),
    ),
    fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
  );

describe(`fuzzing every route (${TEST_DB_KIND}, ${RUNS} cases per route, seed ${SEED})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it.each(ROUTES.map((route) => [`${route.method.toUpperCase()} ${route.path}`, route] as const))(
    '%s: never a 5xx but 503, always its shape, nothing written by a refusal',
    async (_name, route) => {
      await fc.assert(
        fc.asyncProperty(payload(route), contentType, async (bytes, type) => {
          const before = await tableCounts(t.db);
          let call = request(t.http)[route.method](route.path);
          if (type !== '') call = call.set('Content-Type', type);
          const res = await call
            .serialize((raw: unknown) => raw as string)
            .send(bytes as unknown as string);
          const body = (res.body ?? {}) as Record<string, unknown>;
          const ok = (res.status < 500 || res.status === 503) && route.shaped(res.status, body);
          if (!ok) throw new Error(`${res.status} ${res.text}`);
          if (res.status !== 200) expect(await tableCounts(t.db)).toEqual(before);
        }),
        { numRuns: RUNS, seed: SEED },
      );
    },
  );

  it('GET /users/me: arbitrary tokens and schemes answer 401 in its shape', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 60 }),
        fc.constantFrom('Bearer', 'OAuth', 'Basic', 'bearer', ''),
        fc.boolean(),
        async (token, scheme, inQuery) => {
          const safe = token.replace(/[^\x21-\x7e]/g, '');
          let call = request(t.http).get('/users/me');
          call = inQuery
            ? call.query({ oauth_token: token })
            : call.set('Authorization', `${scheme} ${safe}`.trim());
          const res = await call;
          expect(res.status).toBe(401);
          expect(keys(res.body as Record<string, unknown>)).toBe('error,error_description');
          expect(res.headers['www-authenticate']).toMatch(/realm="signup-gateway"/);
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
