/**
 * Token minting (docs/auth0-behaviour.md, B-TOKEN-5, B-TOKEN-6). The ID token is an RS256 JWT with
 * the `kid` of the served JWKS. The access token is one too when an API `audience` was asked for,
 * its audience that API and, with `openid`, the /userinfo URL as well (B-TOKEN-10); without an
 * audience it is, as Auth0's, an opaque token usable only at /userinfo (B-TOKEN-9, B-TOKEN-11;
 * opaque-access-token.ts), so a login signs one JWT.
 */
import { createHash } from 'node:crypto';
import { epochSeconds } from './clock.ts';
import type { EmulatorContext } from './context.ts';
import { signJwt } from './jwt-sign.ts';
import { sealOpaqueToken } from './opaque-access-token.ts';
import { PATHS } from './paths.ts';
import type { Reply } from './respond.ts';
import { json } from './respond.ts';
import type { TenantClient } from './tenant.ts';
import { userClaims, type User } from './users.ts';

/** Auth0's default lifetimes (docs/auth0-behaviour.md, B-TOKEN-5). */
export const ACCESS_TOKEN_TTL_SECONDS = 86400;
export const ID_TOKEN_TTL_SECONDS = 36000;

export interface TokenGrant {
  client: TenantClient;
  user: User;
  /** Normalized, space-separated; may be ''. */
  scope: string;
  audience: string | undefined;
  /** The `nonce` of a magic link, echoed in the id_token (OIDC Core §3.1.2.1, §3.2.2.11). */
  nonce?: string | undefined;
}

/** Splits, de-duplicates and re-joins a scope string (RFC 6749 §3.3: order is not significant). */
export function normalizeScope(scope: string | undefined): string {
  return [...new Set((scope ?? '').split(/\s+/).filter(Boolean))].join(' ');
}

export function hasScope(scope: string, name: string): boolean {
  return scope.split(' ').includes(name);
}

export function userinfoUrl(emu: EmulatorContext): string {
  return emu.url + PATHS.userinfo;
}

/** Signs with the current key of the key ring (its `kid` is first in the JWKS). */
function sign(emu: EmulatorContext, claims: Record<string, unknown>): Promise<string> {
  return signJwt(emu.keys.current, claims);
}

/**
 * The access token. With an audience: a JWT, claims in Auth0's order (iss, sub, aud, iat, exp,
 * scope, azp) plus a jti. Without one: the opaque /userinfo token, carrying sub, azp, scope, iat, exp.
 */
export function signAccessToken(emu: EmulatorContext, grant: TokenGrant, iat: number): Promise<string> {
  const exp = iat + ACCESS_TOKEN_TTL_SECONDS;
  if (grant.audience === undefined) {
    const sealed = { sub: grant.user.user_id, azp: grant.client.client_id, scope: grant.scope, iat, exp };
    return Promise.resolve(sealOpaqueToken(emu.keys, emu.issuer, sealed));
  }
  return sign(emu, {
    iss: emu.issuer,
    sub: grant.user.user_id,
    aud: hasScope(grant.scope, 'openid') ? [grant.audience, userinfoUrl(emu)] : grant.audience,
    iat,
    exp,
    scope: grant.scope,
    azp: grant.client.client_id,
    jti: emu.random.jti.hex(32),
  });
}

/** OIDC Core §3.2.2.9: BASE64URL of the left half of SHA-256(access_token), for RS256. */
export function atHash(accessToken: string): string {
  return createHash('sha256').update(accessToken, 'ascii').digest().subarray(0, 16).toString('base64url');
}

/**
 * The id_token: profile claims first (then the tenant file's `claims` of the user), then iss, sub,
 * aud, iat, exp, as the real one in docs/auth0-behaviour.md B-TOKEN-6, plus `azp` (B-IDT-7); then `at_hash` when
 * it comes with an access token from a magic link's fragment (OIDC Core §3.2.2.10 makes it
 * REQUIRED there), and the link's `nonce`. Claims are not filtered by scope (an emulator choice).
 */
export function signIdToken(emu: EmulatorContext, grant: TokenGrant, iat: number, withAccessToken?: string): Promise<string> {
  const payload: Record<string, unknown> = {
    ...userClaims(emu.tenant, grant.user),
    iss: emu.issuer,
    sub: grant.user.user_id,
    aud: grant.client.client_id,
    iat,
    exp: iat + ID_TOKEN_TTL_SECONDS,
    azp: grant.client.client_id,
  };
  if (withAccessToken !== undefined) payload.at_hash = atHash(withAccessToken);
  if (grant.nonce !== undefined) payload.nonce = grant.nonce;
  return sign(emu, payload);
}

/**
 * The 200 token response (RFC 6749 §5.1), keys in the order of docs/auth0-behaviour.md B-TOKEN-5:
 * id_token only with `openid`, refresh_token only when given, never cached (`cache-control: no-store`, `pragma: no-cache`).
 */
export async function tokenReply(emu: EmulatorContext, grant: TokenGrant, refreshToken?: string): Promise<Reply> {
  const iat = epochSeconds(emu.clock);
  // Both tokens at once: with an audience the two signatures run in parallel on the thread pool.
  const [accessToken, idToken] = await Promise.all([
    signAccessToken(emu, grant, iat),
    hasScope(grant.scope, 'openid') ? signIdToken(emu, grant, iat) : undefined,
  ]);
  const body: Record<string, unknown> = { access_token: accessToken };
  if (refreshToken !== undefined) body.refresh_token = refreshToken;
  if (idToken !== undefined) body.id_token = idToken;
  Object.assign(body, { scope: grant.scope, expires_in: ACCESS_TOKEN_TTL_SECONDS, token_type: 'Bearer' });
  return json(200, body, { pragma: 'no-cache' });
}
