/**
 * GET /userinfo (OpenID Connect Core §5.3): the user's claims for an access token issued by this
 * emulator: the opaque token of a login without an audience (docs/auth0-behaviour.md, B-TOKEN-11), or
 * a JWT whose audience includes the /userinfo URL. Token errors answer 401 with
 * `WWW-Authenticate: Bearer error="invalid_token"` (RFC 6750 §3.1).
 */
import { jwtVerify } from 'jose';
import { epochSeconds } from '../clock.ts';
import type { EmulatorContext, Handler } from '../context.ts';
import { OAuthError } from '../errors.ts';
import { looksOpaque, openOpaqueToken } from '../opaque-access-token.ts';
import { json } from '../respond.ts';
import { userinfoUrl } from '../tokens.ts';
import { userClaims } from '../users.ts';

function invalidToken(description: string): OAuthError {
  return new OAuthError(401, 'invalid_token', description, {
    headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
  });
}

/** The `sub` of a valid opaque token; a refused one is refused as a bad JWT is. */
function opaqueSubject(emu: EmulatorContext, token: string): string {
  const grant = openOpaqueToken(emu.keys, emu.issuer, token, epochSeconds(emu.clock));
  if (grant === 'invalid') throw invalidToken('The access token is not valid here: it does not decrypt with a key of this emulator.');
  // jose's wording for an expired JWT, so both kinds of token read the same.
  if (grant === 'expired') throw invalidToken('The access token is not valid here: "exp" claim timestamp check failed.');
  return grant.sub;
}

/** The `sub` of a valid JWT access token for /userinfo. */
async function jwtSubject(emu: EmulatorContext, token: string): Promise<string | undefined> {
  try {
    // Tokens of the previous key still verify after a rotation, as the JWKS still serves it;
    // an unknown kid is tried against the current key, so a foreign token fails on its signature.
    const keyOf = (header: { kid?: string }) => (emu.keys.find(header.kid) ?? emu.keys.current).publicKey;
    const { payload } = await jwtVerify(token, keyOf, {
      issuer: emu.issuer,
      audience: userinfoUrl(emu),
      algorithms: ['RS256'],
      currentDate: new Date(emu.clock.now()),
    });
    return payload.sub;
  } catch (err) {
    throw invalidToken(`The access token is not valid here: ${(err as Error).message.replace(/\.$/, '')}.`);
  }
}

export const userinfo: Handler = async (req, emu) => {
  const match = /^bearer\s+(\S+)\s*$/i.exec(req.raw.headers.authorization ?? '');
  if (match === null) throw invalidToken('Send the access token as "Authorization: Bearer <token>".');
  const token = match[1]!;
  const sub = looksOpaque(token) ? opaqueSubject(emu, token) : await jwtSubject(emu, token);
  const user = sub === undefined ? undefined : emu.users.get(sub);
  if (user === undefined) throw invalidToken('The access token names no user of this emulator.');
  return json(200, { sub: user.user_id, ...userClaims(emu.tenant, user) });
};
