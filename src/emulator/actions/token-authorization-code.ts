/**
 * Grant `authorization_code` (RFC 6749 §4.1.3): exchanges the code of a followed magic link
 * (response_type=code, link-redirect.ts) for tokens. Client authentication has already run
 * (client-auth.ts): a confidential client proved itself with its secret. Then, in order:
 *
 * 1. `code`, then `redirect_uri` are required (400 `invalid_request`, the OAS wording);
 * 2. the code must exist and belong to this client, not be used, not be expired (60 s);
 * 3. `redirect_uri` must equal the link's (RFC 6749 §4.1.3);
 * 4. PKCE (RFC 7636 §4.6): when the link had a `code_challenge`, `code_verifier` is required and
 *    BASE64URL(SHA256(verifier)) must equal it, whatever the client type; a verifier without a
 *    challenge is refused too (RFC 9700 §2.1.1, PKCE downgrade);
 * 5. the code is used up, and the answer has the link's scope, audience and nonce.
 *
 * Failures of 2–4 are 403 `invalid_grant` (Auth0's usual status, docs/auth0-behaviour.md, B-TOKEN-ERR-13) and leave the
 * code as it was. Never a refresh token: "No refresh token is ever issued via magic link" (B-LINK-5).
 * The texts other than "Invalid authorization code" (node-auth0's test fixture) are the emulator's choices.
 */
import { invalidGrant } from '../errors.ts';
import type { AuthCodeGrant } from '../auth-codes.ts';
import { verifierMatches } from '../pkce.ts';
import { tokenReply } from '../tokens.ts';
import { requiredParam, type GrantHandler } from './token-params.ts';

export const AUTH_CODE_ERRORS = {
  unknown: 'Invalid authorization code',
  used: 'The authorization code has already been used.',
  expired: 'The authorization code has expired.',
  redirectMismatch: 'The redirect_uri does not match the one of the link the code was issued for.',
  verifierMissing: 'Missing code_verifier: the link had a code_challenge (PKCE, RFC 7636).',
  verifierUnexpected: 'A code_verifier was sent, but the link had no code_challenge.',
  verifierWrong: 'PKCE verification failed: BASE64URL(SHA256(code_verifier)) does not match the code_challenge of the link.',
} as const;

function checkPkce(grant: AuthCodeGrant, verifier: string | undefined): void {
  if (grant.code_challenge === undefined) {
    if (verifier !== undefined) throw invalidGrant(AUTH_CODE_ERRORS.verifierUnexpected);
    return;
  }
  if (verifier === undefined) throw invalidGrant(AUTH_CODE_ERRORS.verifierMissing);
  if (!verifierMatches(verifier, grant.code_challenge)) throw invalidGrant(AUTH_CODE_ERRORS.verifierWrong);
}

export const authorizationCodeGrant: GrantHandler = async (params, client, emu) => {
  const code = requiredParam(params, 'code');
  const redirectUri = requiredParam(params, 'redirect_uri');
  const grant = emu.authCodes.find(code);
  // A code of another client is as unknown as a made-up one (RFC 6749 §4.1.3).
  if (grant === undefined || grant.client_id !== client.client_id) throw invalidGrant(AUTH_CODE_ERRORS.unknown);
  if (grant.used) throw invalidGrant(AUTH_CODE_ERRORS.used);
  if (emu.clock.now() >= grant.expires_at) throw invalidGrant(AUTH_CODE_ERRORS.expired);
  if (redirectUri !== grant.redirect_uri) throw invalidGrant(AUTH_CODE_ERRORS.redirectMismatch);
  checkPkce(grant, params.code_verifier === '' ? undefined : params.code_verifier);
  const user = emu.users.get(grant.user_id);
  if (user === undefined) throw invalidGrant(AUTH_CODE_ERRORS.unknown);
  emu.authCodes.consume(code);
  return tokenReply(emu, { client, user, scope: grant.scope, audience: grant.audience, nonce: grant.nonce });
};
