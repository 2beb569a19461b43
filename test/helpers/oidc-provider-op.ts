/**
 * A real, certified OpenID Provider for the interop tests: panva's oidc-provider (the
 * `oidc-provider` dev dependency, https://github.com/panva/node-oidc-provider), on loopback, port
 * 0, serving what pwless calls at Auth0's paths. Its issuer is `http://127.0.0.1:<port>`, with no
 * trailing slash, as oidc-provider (and most OPs but Auth0) write it.
 *
 * - The provider's own routes, moved where Auth0 has them (configuration `routes`,
 *   https://github.com/panva/node-oidc-provider/blob/main/docs/README.md#routes): the token
 *   endpoint at `/oauth/token`, the JWKS at `/.well-known/jwks.json`, userinfo at `/userinfo`;
 *   discovery stays at `/.well-known/openid-configuration` (OpenID Connect Discovery §4).
 * - Auth0's passwordless OTP grant (`http://auth0.com/oauth/grant-type/passwordless/otp`, fields
 *   `username`, `otp`, `realm`), registered with `provider.registerGrantType()`
 *   (https://github.com/panva/node-oidc-provider/blob/main/docs/README.md#custom-grant-types):
 *   it checks the code this helper minted, saves a Grant and an AccessToken (usable at userinfo)
 *   and signs an ID token with oidc-provider's own IdToken model, as its built-in grants do
 *   (lib/actions/grants/, lib/helpers/grant_common.js `issueIdToken`).
 * - `POST /passwordless/start`, which no OP has: a node:http server answers it itself, as Auth0
 *   does (https://auth0.com/docs/api/authentication/passwordless/get-code-or-link), and hands
 *   every other request to `provider.callback()`. Each code is also written to
 *   `<outboxDir>/<email or phone>`, which `--otp-from` reads through the shell command `otpFrom`
 *   (cmd: gets PWLESS_OTP_TO).
 *
 * In-process and in memory: stop() closes the server and removes the outbox directory.
 */
import { createHash, generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';
import { once } from 'node:events';
import { rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  errors,
  Provider,
  type Adapter,
  type AdapterPayload,
  type ClientMetadata,
  type Configuration,
  type JWK,
  type TokenEndpointGrantContext,
} from 'oidc-provider';
import { tempDir } from './temp-dir.ts';

const PASSWORDLESS_OTP_GRANT = 'http://auth0.com/oauth/grant-type/passwordless/otp';
/** Auth0's text for a wrong code (docs/auth0-behaviour.md, the OTP grant's errors). */
export const WRONG_CODE = 'Wrong email or verification code.';

export interface OidcProviderOp {
  /** Where it listens, `http://127.0.0.1:<port>`: what `--domain` names. */
  url: string;
  /** The issuer it was given: `url` unless the options chose another. */
  issuer: string;
  /** Two public clients with the passwordless grant: `native` and `other`. */
  clients: { native: string; other: string };
  /** The value of `--otp-from` that reads the last code sent to PWLESS_OTP_TO. */
  otpFrom: string;
  /** The signing key (a private JWK), for a twin that must sign alike. */
  jwk: JWK;
  stop(): Promise<void>;
}

export interface OidcProviderOpOptions {
  /** The issuer from the origin it listens on (default: the origin itself, no trailing slash). */
  issuer?: (origin: string) => string;
  /** Sign with this key instead of a new one. */
  jwk?: JWK;
}

/** What one OP keeps: the last code sent to each `connection` + identity, and the users it made. */
interface OpState {
  codes: Map<string, { code: string; clientId: string }>;
  accounts: Map<string, { sub: string; [claim: string]: unknown }>;
}

const CLIENTS = { native: 'op-native', other: 'op-other' };
/** The standard claims of the email and phone scopes (OpenID Connect Core §5.4); `openid` gives `sub`. */
const SCOPE_CLAIMS: Record<string, string[]> = { openid: ['sub'], email: ['email', 'email_verified'], phone: ['phone_number', 'phone_number_verified'] };

export async function startOidcProviderOp(options: OidcProviderOpOptions = {}): Promise<OidcProviderOp> {
  const outboxDir = tempDir('pwless-oidc-provider-');
  const state: OpState = { codes: new Map(), accounts: new Map() };
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(503).end();
  const server = createServer((req, res) => {
    if (new URL(req.url ?? '/', 'http://op').pathname === '/passwordless/start') {
      passwordlessStart(req, res, provider, state, outboxDir).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'server_error', error_description: String(error) }));
      });
    } else {
      handle(req, res);
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = options.issuer ? options.issuer(url) : url;
  const jwk = options.jwk ?? newSigningKey();

  const provider = new Provider(issuer, configuration(jwk, state));
  provider.registerGrantType(PASSWORDLESS_OTP_GRANT, (ctx) => passwordlessOtpGrant(ctx, state), ['username', 'otp', 'realm', 'scope']);
  handle = provider.callback();

  return {
    url,
    issuer,
    clients: CLIENTS,
    otpFrom: `cmd:cat "${outboxDir}/$PWLESS_OTP_TO"`,
    jwk,
    async stop() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
      rmSync(outboxDir, { recursive: true, force: true });
    },
  };
}

/** An RS256 signing key as a private JWK: oidc-provider takes its keys as `jwks.keys` (https://github.com/panva/node-oidc-provider/blob/main/docs/README.md#jwks). */
function newSigningKey(): JWK {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...(privateKey.export({ format: 'jwk' }) as JWK), kid: randomBytes(8).toString('hex'), alg: 'RS256', use: 'sig' };
}

/** As little as the flow needs (https://github.com/panva/node-oidc-provider/blob/main/docs/README.md#configuration-options); every feature left at its default is one the flow never reaches. */
function configuration(jwk: JWK, state: OpState): Configuration {
  // Public clients, like Auth0's Native apps: no secret (token_endpoint_auth_method none), only
  // the OTP grant, and no response types, so no redirect_uris are needed (OpenID Connect Dynamic
  // Client Registration §2: grant_types and response_types must agree).
  const client = (client_id: string): ClientMetadata => ({
    client_id,
    token_endpoint_auth_method: 'none',
    grant_types: [PASSWORDLESS_OTP_GRANT],
    response_types: [],
    redirect_uris: [],
  });
  return {
    adapter: memoryAdapter(),
    clients: [client(CLIENTS.native), client(CLIENTS.other)],
    jwks: { keys: [jwk] },
    routes: { token: '/oauth/token', jwks: '/.well-known/jwks.json', userinfo: '/userinfo' },
    claims: SCOPE_CLAIMS,
    features: { devInteractions: { enabled: false } },
    // Auth0's lifetimes: access token 24 h, ID token 10 h (docs/auth0-behaviour.md).
    ttl: { AccessToken: 86_400, IdToken: 36_000, Grant: 86_400 },
    findAccount: (_ctx, sub) => {
      const claims = state.accounts.get(sub);
      return claims && { accountId: sub, claims: () => claims };
    },
  };
}

/** The user a code was sent to, as Auth0 names it (`email|<id>`, `sms|<id>`), and their claims. */
function accountFor(state: OpState, connection: string, identity: string): { sub: string; [claim: string]: unknown } {
  const sub = `${connection}|${createHash('sha256').update(identity).digest('hex').slice(0, 24)}`;
  const claims = connection === 'email' ? { sub, email: identity, email_verified: true } : { sub, phone_number: identity, phone_number_verified: true };
  state.accounts.set(sub, claims);
  return claims;
}

/**
 * The passwordless OTP grant. oidc-provider has already authenticated the client (a public client:
 * its client_id), checked that the grant is one of its grant_types and kept only the parameters
 * registered with it (lib/actions/token.js).
 */
async function passwordlessOtpGrant(ctx: TokenEndpointGrantContext, state: OpState): Promise<void> {
  const { client, params, provider } = ctx.oidc;
  const { username, otp, realm } = params as { username?: string; otp?: string; realm?: string };
  if (!username || !otp || !realm) throw new errors.InvalidRequest('username, otp and realm are required');
  const key = `${realm}\n${username}`;
  const sent = state.codes.get(key);
  if (!sent || sent.code !== otp || sent.clientId !== client.clientId) {
    // Auth0's wording in error_description; InvalidGrant's own is "grant request is invalid".
    const wrong = new errors.InvalidGrant('the code does not match the last one sent');
    wrong.error_description = WRONG_CODE;
    throw wrong;
  }
  state.codes.delete(key);

  const account = accountFor(state, realm, username);
  const accountId = account.sub;
  const asked = new Set((params.scope ?? 'openid').split(' '));
  const scopes = Object.keys(SCOPE_CLAIMS).filter((s) => asked.has(s));
  const scope = scopes.join(' ');
  const grant = new provider.Grant({ clientId: client.clientId, accountId });
  grant.addOIDCScope(scope);
  const grantId = await grant.save();
  const at = new provider.AccessToken({ client, accountId, grantId, gty: 'passwordless_otp', scope });
  const accessToken = await at.save();

  let idToken: string | undefined;
  if (asked.has('openid')) {
    // iss, aud (the client), exp, iat are oidc-provider's (lib/models/id_token.js); at_hash is
    // hashed there from the access token (OpenID Connect Core §3.1.3.6).
    // The user's claims are those of the granted scopes (OpenID Connect Core §5.4), as at userinfo.
    const token = new provider.IdToken({}, { ctx });
    for (const claim of scopes.flatMap((s) => SCOPE_CLAIMS[s] ?? [])) if (account[claim] !== undefined) token.set(claim, account[claim]);
    token.set('at_hash', accessToken);
    idToken = await token.issue({ use: 'idtoken' });
  }
  ctx.body = { access_token: accessToken, id_token: idToken, scope, expires_in: at.expiration, token_type: at.tokenType };
}

/** POST /passwordless/start as Auth0 answers it: a JSON body, a 6-digit code, `{_id, email, email_verified}`. */
async function passwordlessStart(req: IncomingMessage, res: ServerResponse, provider: Provider, state: OpState, outboxDir: string): Promise<void> {
  const reply = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  if (req.method !== 'POST') return void reply(405, { error: 'method_not_allowed' });
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return void reply(400, { error: 'bad.request', error_description: 'Invalid JSON' });
  }
  const clientId = typeof body.client_id === 'string' ? body.client_id : '';
  if (!(await provider.Client.find(clientId))) return void reply(401, { error: 'unauthorized_client', error_description: `Unknown client: ${clientId}` });
  const connection = body.connection;
  const identity = connection === 'email' ? body.email : connection === 'sms' ? body.phone_number : undefined;
  if (typeof identity !== 'string' || identity === '')
    return void reply(400, { error: 'bad.connection', error_description: 'Connection must be email or sms' });
  if (body.send !== 'code') return void reply(400, { error: 'bad.request', error_description: 'This test OP sends codes only' });

  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  state.codes.set(`${connection}\n${identity}`, { code, clientId });
  writeFileSync(join(outboxDir, identity), `Your verification code is: ${code}\n`);
  const _id = randomBytes(12).toString('hex');
  reply(200, connection === 'email' ? { _id, email: identity, email_verified: false } : { _id, phone_number: identity, phone_verified: false });
}

/**
 * oidc-provider's storage (its Adapter interface, https://github.com/panva/node-oidc-provider/blob/main/docs/README.md#adapter), one Map per provider:
 * what its own in-memory adapter does for the models this flow saves (AccessToken, Grant), without
 * the "development-only adapter" warning that one prints on each start.
 */
function memoryAdapter(): (name: string) => Adapter {
  const stores = new Map<string, Map<string, { payload: AdapterPayload; expiresAt: number }>>();
  return (name) => {
    const store = stores.get(name) ?? new Map<string, { payload: AdapterPayload; expiresAt: number }>();
    stores.set(name, store);
    return {
      async upsert(id, payload, expiresIn) {
        store.set(id, { payload, expiresAt: expiresIn === undefined ? Number.POSITIVE_INFINITY : Date.now() + expiresIn * 1000 });
      },
      async find(id) {
        const entry = store.get(id);
        return entry && entry.expiresAt > Date.now() ? entry.payload : undefined;
      },
      async findByUserCode() {
        return undefined;
      },
      async findByUid() {
        return undefined;
      },
      async consume(id) {
        const entry = store.get(id);
        if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        store.delete(id);
      },
      async revokeByGrantId(grantId) {
        for (const [id, entry] of store) if (entry.payload.grantId === grantId) store.delete(id);
      },
    };
  };
}
