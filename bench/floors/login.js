// The floor of `pwless start --otp-from emulator --json`: the requests of its login (discovery,
// start, the outbox, the token exchange, the JWKS; pwless also checks the emulator's health and
// reads its clock, two more) made with the parts of undici pwless uses
// (src/core/undici-parts.ts), and the ID token's signature checked with jose's compactVerify,
// with nothing else of pwless (no commander, no config store, no rendering). bench/startup.js
// bundles it as scripts/build.js bundles pwless, and runs it with the compile cache on.
// Usage: node login.js <emulator url> <email>
import module from 'node:module';

module.enableCompileCache?.();
const [{ request }, { compactVerify }, { createLocalJWKSet }] = await Promise.all([
  import('../../src/core/undici-parts.ts'),
  import('jose/jws/compact/verify'),
  import('jose/jwks/local'),
]);
const [base, email] = process.argv.slice(2);
const clientId = 'emulator-native';
const call = async (method, path, body) => {
  const response = await request(new URL(path, base), {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.body.json();
};
const discovery = await call('GET', '/.well-known/openid-configuration');
await call('POST', '/passwordless/start', { client_id: clientId, connection: 'email', email, send: 'code' });
const { messages } = await call('GET', `/__emulator/outbox?to=${encodeURIComponent(email)}`);
const tokens = await call('POST', '/oauth/token', {
  grant_type: 'http://auth0.com/oauth/grant-type/passwordless/otp',
  client_id: clientId,
  realm: 'email',
  username: email,
  otp: messages[0].code,
  scope: 'openid profile email',
});
const jwks = await call('GET', new URL(discovery.jwks_uri).pathname);
const { payload } = await compactVerify(tokens.id_token, createLocalJWKSet(jwks), { algorithms: ['RS256'] });
process.stdout.write(`${JSON.stringify({ ok: true, sub: JSON.parse(new TextDecoder().decode(payload)).sub })}\n`);
