/**
 * What `pwless token revoke` did: the refresh token revoked at the tenant and forgotten locally,
 * and what stays — the access and ID tokens, valid until they expire (revoking a refresh token
 * does not recall tokens already issued, https://auth0.com/docs/secure/tokens/refresh-tokens/revoke-refresh-tokens).
 */
import type { ChalkInstance } from 'chalk';
import { isoTimeFromSeconds } from './format.ts';
import { expiryPhrase } from './token-claims.ts';
import { describeSet, type SavedSetShown } from './token-set.ts';

export interface RevokeView {
  /** The saved set after the refresh token was forgotten. */
  after: SavedSetShown;
  accessExp: number;
  now: number;
}

export function revokeJson(view: RevokeView): Record<string, unknown> {
  return {
    revoked: true,
    forgotten: ['refresh_token'],
    kept: ['access_token', ...(view.after.tokens.id_token !== undefined ? ['id_token'] : [])],
    access_token_expires: isoTimeFromSeconds(view.accessExp),
  };
}

export function revokeLines(view: RevokeView, c: ChalkInstance): string[] {
  return [
    c.bold(`Revoked the refresh token of ${describeSet(view.after)}`),
    'It no longer works at the tenant, and pwless has forgotten it.',
    `Kept: the access token (${expiryPhrase(view.accessExp, view.now)})${view.after.tokens.id_token !== undefined ? ' and the ID token' : ''}; \`pwless token clear\` forgets them too.`,
  ];
}
