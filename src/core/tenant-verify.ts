/**
 * Verifying a token as an app would: the issuer and jwks_uri come from the tenant's discovery
 * document (unless --issuer / --jwks name them), the keys are fetched through send()
 * (src/core/jwks.ts), then verifyIdToken runs every check. The one path used after a login, by
 * `pwless token verify` and after `pwless token refresh`.
 */
import { discover } from './discovery.ts';
import type { HttpOptions } from './http.ts';
import { fetchJwks } from './jwks.ts';
import { jwksFrom } from './jwks-source.ts';
import { verifyIdToken, type Verification, type VerifyIdTokenOptions } from './jwt.ts';

export type TenantCheck = Pick<VerifyIdTokenOptions, 'clientId' | 'nonce' | 'subject' | 'leewaySeconds' | 'maxAgeSeconds' | 'apiAudience'>;

export interface TenantVerification {
  verification: Verification;
  issuer: string;
  jwksUri: string;
}

/** What the token is checked against: a tenant (discovery), or keys and issuer given outright. */
export type TrustAnchor = { base: URL; issuer?: string | undefined; jwks?: string | undefined } | { base?: undefined; issuer: string; jwks: string };

export async function verifyAgainstTenant(base: URL, token: string, check: TenantCheck, http: HttpOptions): Promise<TenantVerification> {
  return verifyAgainst({ base }, token, check, http);
}

export async function verifyAgainst(anchor: TrustAnchor, token: string, check: TenantCheck, http: HttpOptions): Promise<TenantVerification> {
  const metadata = anchor.base !== undefined && (anchor.issuer === undefined || anchor.jwks === undefined) ? await discover(anchor.base, http) : undefined;
  const issuer = anchor.issuer ?? (metadata?.issuer as string);
  const jwksUri = anchor.jwks ?? (metadata?.jwks_uri as string);
  const jwks = anchor.jwks !== undefined ? await jwksFrom(anchor.jwks, http) : await fetchJwks(jwksUri, http);
  const verification = await verifyIdToken(token, { ...check, jwks, jwksUri, issuer });
  return { verification, issuer, jwksUri };
}
