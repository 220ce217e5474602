// openid-client (the current major, ESM only, so run in its own Node process): the password
// grant through its generic grant API, then a protected-resource request to /users/me, as
// its users write them. Prints one JSON line: the token response and the /users/me body, or
// the error the library threw.
import * as client from 'openid-client';

const [base, clientId, username, password] = process.argv.slice(2);
try {
  const config = new client.Configuration(
    { issuer: base, token_endpoint: `${base}/oauth/authorize` },
    clientId,
    undefined,
    client.None(),
  );
  client.allowInsecureRequests(config);
  const tokens = await client.genericGrantRequest(config, 'password', { username, password });
  const response = await client.fetchProtectedResource(
    config,
    tokens.access_token,
    new URL(`${base}/users/me`),
    'GET',
  );
  const me = await response.json();
  console.log(
    JSON.stringify({
      ok: true,
      token_type: tokens.token_type,
      expires_in: tokens.expires_in,
      access_token_length: tokens.access_token.length,
      me_status: response.status,
      username: me.user?.username,
    }),
  );
} catch (error) {
  console.log(JSON.stringify({ ok: false, error: String(error?.message ?? error) }));
}
