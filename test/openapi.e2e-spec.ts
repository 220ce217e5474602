import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { createTestApp, TestApp } from './helpers/test-app';

describe('Swagger UI and the OpenAPI document', () => {
  let t: TestApp;
  // The OpenAPI document, read as untyped JSON.
  let doc: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  beforeAll(async () => {
    t = await createTestApp();
    doc = (await request(t.http).get('/docs-json').expect(200)).body;
  });
  afterAll(() => t.close());

  it('matches the committed artifact docs/openapi.json (regenerate with npm run openapi)', () => {
    const committed = JSON.parse(
      readFileSync(join(__dirname, '../docs/openapi.json'), 'utf8'),
    ) as unknown;
    expect(doc).toEqual(committed);
  });

  it('redirects / to /docs, serves the contract and titles the page', async () => {
    const root = await request(t.http).get('/');
    expect([root.status, root.headers.location]).toEqual([302, '/docs']);
    const contract = await request(t.http).get('/contract/contract.md');
    expect(contract.status).toBe(200);
    expect(contract.text).toContain('# The contract');
    const page = await request(t.http).get('/docs/');
    expect(page.text).toContain('<title>signup-gateway API</title>');
  });

  it('serves Swagger UI at /docs', async () => {
    const res = await request(t.http).get('/docs').redirects(1);
    expect(res.status).toBe(200);
    expect(res.text).toContain('swagger-ui');
  });

  it('has one tag per dialect and tags each route with its dialect; health apart', () => {
    expect((doc.tags as Array<{ name: string }>).map((tag) => tag.name)).toEqual([
      'Milliner',
      'SSO',
      'ClientApp',
      'Health',
    ]);
    expect(doc.paths['/healthz'].get.tags).toEqual(['Health']);
    expect(doc.paths['/readyz'].get.tags).toEqual(['Health']);
    expect(Object.keys(doc.paths['/readyz'].get.responses).sort()).toEqual(['200', '503']);
    expect(doc.paths['/api/signup'].post.tags).toEqual(['Milliner']);
    expect(doc.paths['/zato/sso/user/signup'].post.tags).toEqual(['SSO']);
    expect(doc.paths['/sign-up'].post.tags).toEqual(['ClientApp']);
  });

  it('documents the SSO confirmation with every outcome and each sub_status code', () => {
    const patch = doc.paths['/zato/sso/user/signup'].patch;
    expect(patch.tags).toEqual(['SSO']);
    expect(Object.keys(patch.responses).sort()).toEqual(['200', '400', '403', '413', '503']);
    expect(Object.keys(patch.responses['403'].content['application/json'].examples)).toEqual([
      'E004001',
      'E005007',
      'E005006',
    ]);
    const description: string = doc.paths['/zato/sso/user/signup'].post.description;
    for (const code of [
      'E001001',
      'E001002',
      'E001003',
      'E001004',
      'E002001',
      'E002002',
      'E002003',
      'E002004',
      'E002005',
      'E003001',
      'E003002',
      'E003003',
      'E003008',
      'E004001',
      'E004002',
      'E005001',
      'E005006',
      'E005007',
      'E008001',
      'E008002',
      'E008003',
      'E008004',
    ]) {
      expect(description).toContain(`\`${code}\``);
    }
  });

  it('documents sign-in and /users/me with the OAuth security schemes', () => {
    expect(doc.components.securitySchemes).toEqual({
      access_token: expect.objectContaining({
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'opaque, 30 base36 characters',
      }),
      oauth_password: {
        type: 'oauth2',
        description: expect.stringContaining('client_secret: leave empty'),
        flows: { password: { tokenUrl: '/oauth/authorize', scopes: {} } },
      },
    });
    expect(doc.externalDocs).toEqual({
      description: 'The contract: what each dialect accepts and answers',
      url: '/contract/contract.md',
    });
    const me = doc.paths['/users/me'].get;
    expect(me.tags).toEqual(['ClientApp']);
    expect(me.security).toEqual(
      expect.arrayContaining([{ access_token: [] }, { oauth_password: [] }]),
    );
    expect(Object.keys(me.responses).sort()).toEqual(['200', '401', '503']);
    const signIn = doc.paths['/oauth/authorize'].post;
    expect(Object.keys(signIn.responses).sort()).toEqual([
      '200',
      '400',
      '401',
      '413',
      '429',
      '503',
    ]);
    expect(Object.keys(signIn.responses['400'].content['application/json'].examples)).toEqual([
      'invalid_request',
      'client_twice',
      'unsupported_grant_type',
      'invalid_grant',
    ]);
  });

  it('lists every error response of each dialect', () => {
    expect(Object.keys(doc.paths['/api/signup'].post.responses).sort()).toEqual([
      '200',
      '400',
      '413',
      '429',
      '503',
    ]);
    expect(Object.keys(doc.paths['/zato/sso/user/signup'].post.responses).sort()).toEqual([
      '200',
      '400',
      '403',
      '413',
      '429',
      '503',
    ]);
    expect(Object.keys(doc.paths['/sign-up'].post.responses).sort()).toEqual([
      '200',
      '400',
      '401',
      '413',
      '422',
      '429',
      '503',
    ]);
    const forbidden =
      doc.paths['/zato/sso/user/signup'].post.responses['403'].content['application/json'].examples;
    expect(Object.keys(forbidden)).toEqual(
      expect.arrayContaining(['E004001', 'E001001', 'E003001', 'E001002', 'E005001']),
    );
  });

  it("names schemas per dialect and carries the seeds' examples", () => {
    const schemas = doc.components.schemas;
    expect(Object.keys(schemas).sort()).toEqual([
      'ClientAppErrorResponse',
      'ClientAppMeResponse',
      'ClientAppRevokeRequest',
      'ClientAppSignInRequest',
      'ClientAppSignInResponse',
      'ClientAppSignupRequest',
      'ClientAppSignupResponse',
      'ClientAppUser',
      'MillinerErrorResponse',
      'MillinerSignupRequest',
      'MillinerSignupResponse',
      'SsoConfirmRequest',
      'SsoConfirmResponse',
      'SsoErrorResponse',
      'SsoSignupRequest',
      'SsoSignupResponse',
    ]);
    expect(schemas.MillinerSignupRequest.properties.username.example).toBe('testhat');
    expect(schemas.SsoSignupRequest.properties.password.example).toBe(
      '8CpzwqsiaQO.U.pOKOjsxhoGHAlJ8KaX6wq0CH6NKUvTYuPQP5Tw',
    );
    expect(schemas.ClientAppUser.properties.client_id.example).toBe(
      'zpjfcgu8nqgrpwlsau30ycpl2mc9ox',
    );
    expect(doc.paths['/sign-up'].post.requestBody.content).toHaveProperty(
      'application/x-www-form-urlencoded',
    );
  });

  it('never describes a password hash or a secret of the seed in a response', () => {
    expect(Object.keys(doc.components.schemas.ClientAppUser.properties)).not.toEqual(
      expect.arrayContaining(['password']),
    );
    const text = JSON.stringify(doc);
    for (const secret of [
      'reset_pwd_token',
      'mailchimp_token',
      'password_hash',
      'passwordHash',
      '$2a$',
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});
