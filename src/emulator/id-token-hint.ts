/**
 * The `id_token_hint` of /oidc/logout (OpenID Connect RP-Initiated Logout 1.0 §2): "the OP MUST
 * validate that it was the issuer of the ID Token", and "SHOULD accept ID Tokens ... even when the
 * exp time has passed" — a logout often comes after the ID token has expired. So the hint must be
 * an RS256 JWS that verifies with one of the emulator's keys (the current one or, after a
 * rotation, the previous one, as at /userinfo) and carry the emulator's `iss`; `exp` is not checked.
 * It names its client by `aud` (Auth0: "the client_id value must match the aud claim from the
 * id_token_hint", https://auth0.com/docs/api/authentication/logout/oidc-logout): the one audience
 * that is a client of the tenant, or `azp` when several are (OIDC Core §2). An access token names
 * no client in its `aud` (its audience is an API or /userinfo), so it is no hint.
 * A refusal never quotes the token: ID tokens are secrets (docs/design.md).
 */
import { compactVerify } from 'jose';
import type { EmulatorContext } from './context.ts';
import { refused, type PageError } from './error-page.ts';
import { clip } from './form.ts';
import { findClient, type TenantClient } from './tenant.ts';

function notOurs(endpoint: string, why: string): PageError {
  return refused('invalid_id_token_hint', `The id_token_hint is not an ID token issued by this tenant: ${why}.`, endpoint);
}

async function verifiedClaims(emu: EmulatorContext, hint: string, endpoint: string): Promise<Record<string, unknown>> {
  let bytes: Uint8Array;
  try {
    const keyOf = (header: { kid?: string }) => (emu.keys.find(header.kid) ?? emu.keys.current).publicKey;
    ({ payload: bytes } = await compactVerify(hint, keyOf, { algorithms: ['RS256'] }));
  } catch (err) {
    throw notOurs(endpoint, `its signature does not verify with the tenant's keys (${(err as Error).message.replace(/\.$/, '')})`);
  }
  let claims: unknown;
  try {
    claims = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    claims = undefined;
  }
  if (claims === null || typeof claims !== 'object' || Array.isArray(claims)) throw notOurs(endpoint, 'its payload is not a JSON object');
  return claims as Record<string, unknown>;
}

/** The client the hint was issued to; a {@link refused} page when it is not this emulator's ID token. */
export async function hintedClient(emu: EmulatorContext, hint: string, endpoint: string): Promise<TenantClient> {
  const claims = await verifiedClaims(emu, hint, endpoint);
  if (claims.iss !== emu.issuer) {
    const iss = typeof claims.iss === 'string' ? JSON.stringify(clip(claims.iss)) : 'no issuer';
    throw notOurs(endpoint, `its iss is ${iss}, not "${emu.issuer}"`);
  }
  const audiences = (Array.isArray(claims.aud) ? claims.aud : [claims.aud]).filter((aud): aud is string => typeof aud === 'string');
  const clients = audiences.map((aud) => findClient(emu.tenant, aud)).filter((client) => client !== undefined);
  const named = clients.length === 1 ? clients[0] : clients.find((client) => client.client_id === claims.azp);
  if (named === undefined) throw notOurs(endpoint, 'its aud names no application of this tenant');
  return named;
}
