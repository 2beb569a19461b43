/**
 * The result of `pwless token verify` (and of the ID token check after `token refresh`): one
 * ✓/✗ line per check with what was expected and what was found, then the claims.
 */
import type { ChalkInstance } from 'chalk';
import type { Verification } from '../core/jwt.ts';
import { jwtLines } from './token-claims.ts';

export interface VerifyView {
  verification: Verification;
  issuer: string;
  jwksUri: string;
  /** "JWT given as the argument", "saved ID token of …". */
  what: string;
  clientId: string;
  leewaySeconds: number;
  maxAgeSeconds: number | undefined;
  now: number;
}

export function verifyJson(view: VerifyView): Record<string, unknown> {
  const { verification } = view;
  return {
    verified: verification.ok,
    against: { issuer: view.issuer, jwks_uri: view.jwksUri, client_id: view.clientId, leeway: view.leewaySeconds, max_age: view.maxAgeSeconds ?? null },
    checks: verification.checks,
    header: verification.header,
    claims: verification.claims,
  };
}

export function verifyLines(view: VerifyView, c: ChalkInstance): string[] {
  const { verification } = view;
  const title = verification.ok
    ? c.green(`✓ Verified: the ${view.what}`)
    : c.red(
        `✗ Verification failed (${verification.checks
          .filter((x) => !x.ok)
          .map((x) => x.name)
          .join(', ')}): the ${view.what}`,
      );
  const lines = [
    c.bold(title),
    c.dim(
      `  issuer ${view.issuer}, keys ${view.jwksUri}, client ${view.clientId}, leeway ${view.leewaySeconds} s${view.maxAgeSeconds !== undefined ? `, max age ${view.maxAgeSeconds} s` : ''}`,
    ),
    ...checkLines(verification, c),
  ];
  return [...lines, '', ...jwtLines(verification, c, view.now)];
}

/** One line per check: mark, name, expected, found; aligned in three columns. */
export function checkLines(verification: Verification, c: ChalkInstance): string[] {
  const nameWidth = Math.max(...verification.checks.map((x) => x.name.length));
  const expectedWidth = Math.max(...verification.checks.map((x) => x.expected.length), 'expected'.length);
  const header = c.dim(`    ${'check'.padEnd(nameWidth)}  ${'expected'.padEnd(expectedWidth)}  found`);
  return [
    header,
    ...verification.checks.map(
      (x) =>
        `  ${x.checked === false ? c.yellow('–') : x.ok ? c.green('✓') : c.red('✗')} ${x.name.padEnd(nameWidth)}  ${x.expected.padEnd(expectedWidth)}  ${x.ok ? x.found : c.red(x.found)}`,
    ),
  ];
}
