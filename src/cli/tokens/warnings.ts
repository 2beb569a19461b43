/**
 * What a token answer left out that the request asked for. The tenant decides what it returns,
 * so a missing token is the tenant's choice to report, not the request to blame: said once, as a
 * warning (JSON `warnings[]`).
 */
import type { SendKind } from '../../core/passwordless.ts';
import type { TokenSet } from '../../core/token-endpoint.ts';

export function missingTokenWarnings(requestedScope: string | undefined, tokens: TokenSet, send: SendKind): string[] {
  const asked = new Set((requestedScope ?? '').split(/\s+/).filter(Boolean));
  const warnings: string[] = [];
  if (asked.has('openid') && tokens.id_token === undefined) {
    warnings.push(
      'The tenant returned no id_token although the scope asked for openid: check that the connection and application allow OpenID Connect, and the tenant logs (Monitoring > Logs).',
    );
  }
  if (asked.has('offline_access') && tokens.refresh_token === undefined) {
    warnings.push(
      send === 'link'
        ? 'No refresh_token came back: a magic-link login never returns one (offline_access is ignored for links); log in with a code for a refresh token.'
        : 'The tenant returned no refresh_token although the scope asked for offline_access: the application needs the Refresh Token grant (Advanced Settings > Grant Types), and with --audience the API must allow offline access (APIs > Settings > Allow Offline Access).',
    );
  }
  return warnings;
}
