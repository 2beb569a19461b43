/**
 * The fix for each failed token check, by its cause: a clock that disagrees is not a forged
 * token, and an access token given where an ID token is expected is not a tampered one.
 */
import type { Check } from '../../core/jwt.ts';
import type { JWTPayload } from 'jose';
import { isLoopback } from '../../core/domain.ts';
import { isNumericDate } from '../../core/numeric-date.ts';

const DO_NOT_TRUST = "Do not trust this token; compare the tenant's issuer, keys and client id with what your app expects.";

/** The claims that hold NumericDates (RFC 7519 §2), whose checks compare times. */
const TIME_CHECKS = new Set<string>(['exp', 'nbf', 'iat', 'auth_time']);

export function checkHint(failed: Check, claims: JWTPayload, nowMs = Date.now()): string {
  const time = claims[failed.name];
  if (TIME_CHECKS.has(failed.name) && typeof time === 'number' && !isNumericDate(time)) {
    // Not a clock problem: no clock is 273,790 years off (src/core/numeric-date.ts).
    return `The token's ${failed.name} is ${String(time)}, a number no date can be: the issuer minted a broken token. ${DO_NOT_TRUST}`;
  }
  switch (failed.name) {
    case 'iat':
    case 'nbf':
      return fromEmulator(claims)
        ? `The token is dated in the future: the issuer is on loopback, and a pwless emulator whose clock was moved (POST /__emulator/clock, --clock) signs tokens in its own time. See how far ahead it is with GET /__emulator/clock (offset_ms), then pass --leeway <seconds> of at least that much, or restart the emulator.`
        : "The token is dated in the future: this machine's clock and the issuer's disagree (clock skew). Check the system clock, or allow more with --leeway <seconds>.";
    case 'exp':
      if (typeof claims.exp !== 'number') return 'The token has no numeric exp claim, which an ID token must have (OpenID Connect Core §2).';
      return `The token expired at ${new Date(claims.exp * 1000).toISOString()}, ${agoPhrase(nowMs - claims.exp * 1000)} ago: get a new one with \`pwless token refresh\` or log in again.${
        fromEmulator(claims)
          ? ' If the emulator that issued it started with --clock in the past, its tokens expire in its own time: pass --leeway <seconds>, or start it without --clock.'
          : ''
      }`;
    case 'kid':
      return "The tenant's keys do not hold the key that signed this token: the keys were rotated since (an emulator restarted without --seed, or POST /__emulator/keys/rotate), or the token comes from another tenant.";
    case 'aud':
      return looksLikeAccessToken(claims)
        ? `This looks like an access token for the API ${JSON.stringify(firstAudience(claims))}, not an ID token: verify it with --audience ${JSON.stringify(firstAudience(claims))}.`
        : "The token was issued to another application: check --client-id (or the profile) against the token's aud.";
    case 'iss':
      return 'The token was issued by another tenant than the one checked: check --domain (a custom domain issues tokens under its own name).';
    case 'nonce':
      return 'The nonce is not the one sent with this login: the token belongs to another login (or is replayed). Pass the nonce your app sent with --nonce <value>.';
    case 'auth_time':
      return 'The user authenticated longer ago than --max-age allows: log in again, or raise --max-age.';
    default:
      return DO_NOT_TRUST;
  }
}

/** A token whose issuer is on loopback: a local server, most likely the pwless emulator with its own clock. */
function fromEmulator(claims: JWTPayload): boolean {
  const iss = typeof claims.iss === 'string' ? URL.parse(claims.iss) : null;
  return iss !== null && isLoopback(iss.hostname);
}

/** Auth0's access tokens for an API carry the API identifier (often a URL) in aud, and a scope or permissions. */
function looksLikeAccessToken(claims: JWTPayload): boolean {
  const aud = firstAudience(claims);
  return aud !== undefined && (/^https?:\/\//.test(aud) || typeof claims.scope === 'string' || Array.isArray(claims.permissions));
}

function firstAudience(claims: JWTPayload): string | undefined {
  return typeof claims.aud === 'string'
    ? claims.aud
    : Array.isArray(claims.aud)
      ? (claims.aud.find((a) => !/\/userinfo$/.test(a)) ?? claims.aud[0])
      : undefined;
}

function agoPhrase(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} days`;
}
