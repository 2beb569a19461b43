/**
 * `pwless token decode`: a JWT's header and claims, with times humanised, and a plain statement that
 * nothing was verified: decoding proves nothing about who issued the token (RFC 7519 §7.2 steps
 * 1–8 read it; only the signature check makes it trustworthy).
 */
import type { ChalkInstance } from 'chalk';
import type { DecodedJwt } from '../core/jwt-decode.ts';
import { audienceText, expiryPhrase, formatPhrase, jwtLines } from './token-claims.ts';

export interface DecodeView {
  jwt: DecodedJwt;
  /** "JWT read from standard input", "saved ID token of …". */
  what: string;
  now: number;
}

export const NOT_VERIFIED = 'Not verified: decoding shows what the token says, not who signed it. `pwless token verify` checks the signature and claims.';

export function decodeJson(view: DecodeView): Record<string, unknown> {
  return { verified: false, header: view.jwt.header, claims: view.jwt.claims };
}

export function decodeLines(view: DecodeView, c: ChalkInstance): string[] {
  const { jwt, now } = view;
  const summary = [`${c.bold(formatPhrase({ format: 'jwt', ...jwt }))}: the ${view.what}`];
  if (typeof jwt.claims.exp === 'number') summary.push(`  ${expiryPhrase(jwt.claims.exp, now)}`);
  const aud = audienceText(jwt.claims.aud);
  if (aud !== undefined) summary.push(`  for ${aud}`);
  return [...summary, ...jwtLines(jwt, c, now), '', c.yellow(NOT_VERIFIED)];
}
