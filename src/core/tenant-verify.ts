/**
 * Verifying a token against a tenant as an app would: discovery gives the issuer and jwks_uri,
 * the keys are fetched through send() (src/core/jwks.ts), then verifyIdToken runs every check.
 * The one path used after a login, by `pwless token verify` and after `pwless token refresh`.
 */
import { discover } from './discovery.ts';
import type { HttpOptions } from './http.ts';
import { fetchJwks } from './jwks.ts';
import { verifyIdToken, type Verification, type VerifyOptions } from './jwt.ts';

export type TenantCheck = Pick<VerifyOptions, 'clientId' | 'nonce' | 'subject' | 'leewaySeconds' | 'maxAgeSeconds'>;

export interface TenantVerification {
  verification: Verification;
  issuer: string;
  jwksUri: string;
}

export async function verifyAgainstTenant(base: URL, token: string, check: TenantCheck, http: HttpOptions): Promise<TenantVerification> {
  const metadata = await discover(base, http);
  const jwks = await fetchJwks(metadata.jwks_uri, http);
  const verification = await verifyIdToken(token, { ...check, jwks, jwksUri: metadata.jwks_uri, issuer: metadata.issuer });
  return { verification, issuer: metadata.issuer, jwksUri: metadata.jwks_uri };
}
