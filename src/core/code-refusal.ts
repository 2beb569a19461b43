/**
 * Why a tenant refused a code or a link, decided in one place. Auth0 says its descriptions are
 * "subject to change" (https://auth0.com/docs/api/authentication#errors), so the reason is read
 * from the error code first and from the descriptions it is known to send second; an unknown
 * wording gives no reason, and callers then do the safe thing (never retry the same code).
 * The texts the emulator reproduces: docs/emulator.md, "POST /oauth/token".
 */
import type { RefusalReason, TenantErrorBody } from './errors.ts';

/** The reason of an `invalid_grant` of the passwordless OTP grant (or of a link's error redirect). */
export function refusalReason(body: Pick<TenantErrorBody, 'error' | 'error_description'>): RefusalReason | undefined {
  const text = body.error_description ?? '';
  // "You've reached the maximum number of attempts. Please try to login again."
  if (/maximum number of attempts/i.test(text)) return 'exhausted';
  // "The verification code has expired. Please try to login again." (also on a link's callback fragment)
  if (/\bexpired\b/i.test(text)) return 'expired';
  if (body.error !== 'invalid_grant') return undefined;
  // "Wrong email or verification code." / "Wrong phone number or verification code."
  if (/^Wrong (email|phone number) or verification code/i.test(text)) return 'wrong';
  // The authorization code of a magic link, given twice: "Invalid authorization code".
  if (/authorization code/i.test(text)) return 'used';
  return undefined;
}

/**
 * Each kind of refusal page of the pwless emulator (its `<meta name="pwless-error">`, docs/emulator.md
 * "Magic links") as a reason; kinds that are not about the link itself give none.
 */
const PAGE_KINDS: Record<string, RefusalReason> = {
  used: 'used',
  expired: 'expired',
  superseded: 'superseded',
  exhausted: 'exhausted',
  invalid: 'tampered',
  callback_mismatch: 'callback_mismatch',
};

/** The reason of a refused magic link, from the page the tenant answered with. */
export function pageRefusalReason(html: string, text: string): RefusalReason | undefined {
  const kind = /<meta\s+name="pwless-error"\s+content="([\w-]+)"/i.exec(html)?.[1];
  if (kind !== undefined) return PAGE_KINDS[kind];
  return refusalReason({ error: 'invalid_grant', error_description: text });
}
