/**
 * The authParams of a login (docs/auth0-behaviour.md, B-START-5): for a magic link, what the link's
 * redirect carries (redirect_uri, response_type, scope, state, nonce, audience, and a PKCE challenge
 * for a public client, RFC 7636); for a code, only what the user asked for. `start` and `smoke`
 * send the same ones.
 */
import { randomBytes } from 'node:crypto';
import type { Settings } from '../../config/resolve.ts';
import type { SendKind } from '../../core/passwordless.ts';

/** Where a magic link lands when neither --redirect-uri nor the profile says (the emulator allows any loopback port). */
export const DEFAULT_REDIRECT_URI = 'http://127.0.0.1/callback';

/** The flags that add to authParams. */
export interface AuthParamFlags {
  authParam?: Record<string, string> | undefined;
  responseType?: string | undefined;
  state?: string | undefined;
  nonce?: string | undefined;
}

export function buildAuthParams(
  send: SendKind,
  settings: Settings,
  options: AuthParamFlags,
  listenerUri: string | undefined,
  codeChallenge: string | undefined,
): Record<string, string> | undefined {
  const explicit: Record<string, string> = { ...settings.authParams?.value, ...options.authParam };
  if (settings.redirectUri) explicit.redirect_uri = settings.redirectUri.value;
  if (listenerUri !== undefined) explicit.redirect_uri = listenerUri;
  if (options.responseType !== undefined) explicit.response_type = options.responseType;
  if (options.state !== undefined) explicit.state = options.state;
  if (options.nonce !== undefined) explicit.nonce = options.nonce;
  if (send === 'code') return Object.keys(explicit).length > 0 ? explicit : undefined;
  const link: Record<string, string> = {
    redirect_uri: DEFAULT_REDIRECT_URI,
    response_type: 'code',
    scope: settings.scope.value,
    state: randomBytes(16).toString('base64url'),
    nonce: randomBytes(16).toString('base64url'),
  };
  if (settings.audience) link.audience = settings.audience.value;
  if (codeChallenge !== undefined) Object.assign(link, { code_challenge: codeChallenge, code_challenge_method: 'S256' });
  return { ...link, ...explicit };
}
