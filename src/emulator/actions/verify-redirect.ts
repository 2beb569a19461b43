/**
 * GET /passwordless/verify_redirect: the magic link (docs/auth0-behaviour.md, B-LINK-1…B-LINK-6, B-OTP-2). The
 * query is checked (link-query.ts), then the `verification_code` against the identity's code
 * (otp-store.ts `checkLink`), then the user logs in and the browser is sent to the `redirect_uri`
 * with a code or tokens (link-redirect.ts). Every refusal is an HTML page with its own heading
 * (error-page.ts); none redirects.
 *
 * A link is its code: the same record as the OTP, so the same TTL (connection `otp_ttl_seconds`,
 * else `--otp-ttl`), voided by a newer /start, used up by one successful follow (or one exchange
 * at /oauth/token), and sharing the 3 wrong tries. The endpoint is not rate limited and not part
 * of brute-force protection (docs/emulator.md); the 3-try limit is what stops guessing here.
 */
import type { EmulatorContext, Handler } from '../context.ts';
import { refused, type PageError } from '../error-page.ts';
import type { LinkCheck } from '../otp-store.ts';
import { findTenantUser } from '../tenant.ts';
import { normalizeIdentity, tenantUserId, type User } from '../users.ts';
import { readLinkQuery, type LinkQuery } from './link-query.ts';
import { linkRedirect } from './link-redirect.ts';

const NEW_LINK = 'Send a new link with POST /passwordless/start.';

/** The page for each way the code check can fail, with what happened and the fix. */
function codeRefusal(check: Exclude<LinkCheck, { outcome: 'ok' }>, link: LinkQuery, emu: EmulatorContext): PageError {
  const who = `${link.recipient} (connection ${link.connection.name})`;
  switch (check.outcome) {
    case 'used':
      return refused('used', `The code in this link was already used, by this link or at /oauth/token. A link works once. ${NEW_LINK}`);
    case 'superseded':
      return refused('superseded', `A newer code or link was sent to ${who} after this one, and only the latest is valid. Use the newest message.`);
    case 'expired': {
      const ttl = link.connection.otp_ttl_seconds ?? emu.otpTtlSeconds;
      return refused('expired', `Its code was valid for ${ttl} s after it was sent (the connection's otp_ttl_seconds, else --otp-ttl). ${NEW_LINK}`);
    }
    case 'exhausted':
      return refused('exhausted', `Three wrong codes were tried for ${who}, so its code is void. ${NEW_LINK}`);
    case 'tampered':
      return refused('invalid', `Its ${check.param} is not the one the link was sent with. Use the link exactly as it was sent.`);
    case 'wrong':
      return refused(
        'invalid',
        `Its verification_code is not the code sent to ${who} (a wrong code counts as one of the code's 3 tries). Use the link exactly as it was sent.`,
      );
    case 'unknown':
      return refused('invalid', `No code was sent to ${who}. ${NEW_LINK}`);
  }
}

/**
 * The user behind a valid link, as the OTP grant does it: sign-ups may have been disabled since
 * the link was sent, and a tenant user with `"mfa": true` cannot finish here (MFA is not emulated;
 * the code is used up, as at /oauth/token).
 */
function logIn(emu: EmulatorContext, link: LinkQuery, identity: string, now: number): User {
  const { connection } = link;
  const tenantUser = findTenantUser(emu.tenant, connection, identity);
  if (connection.disable_signup === true && tenantUser === undefined && !emu.users.has(connection.name, identity)) {
    throw refused('signup_disabled', 'Sign ups are disabled for this connection: only existing users can log in.');
  }
  if (tenantUser?.mfa === true) {
    throw refused(
      'mfa_required',
      `${link.recipient} must complete multifactor authentication, which the emulator does not emulate for magic links. The link is used up.`,
    );
  }
  const fixedId = tenantUser === undefined ? undefined : tenantUserId(tenantUser, connection, identity);
  return emu.users.login(connection, identity, now, fixedId);
}

export const verifyRedirect: Handler = async (req, emu) => {
  const link = readLinkQuery(req.url, emu.tenant);
  const identity = normalizeIdentity(link.connection.strategy, link.recipient);
  const now = emu.clock.now();
  const check = emu.otps.checkLink(link.connection.name, identity, link.code, link.binding, now);
  if (check.outcome !== 'ok') throw codeRefusal(check, link, emu);
  return linkRedirect(emu, link, logIn(emu, link, identity, now), now);
};
