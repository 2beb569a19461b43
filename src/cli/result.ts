/**
 * The failure a command's result carries, if any. `main.ts` renders the result (src/render/output.ts;
 * the result types are in src/render/results.ts) and sets the exit code from that failure: a result
 * can carry one (tokens came back, but the ID token failed a check).
 */
import { VerificationError, type PwlessError } from '../core/errors.ts';
import type { Verification } from '../core/jwt.ts';
import { checkHint } from './tokens/check-hints.ts';
import type { CommandResult } from '../render/results.ts';

export function failureOf(result: CommandResult): PwlessError | undefined {
  if (result.kind === 'view') return result.failure;
  const login = result.kind === 'demo' ? result.login : result.kind === 'login' ? result : undefined;
  if (login?.failure) return login.failure;
  return login?.verification ? verificationFailure(login.verification) : undefined;
}

/** The first failed check of a verification, as the error that exits 8 with the check's name as its code. */
export function verificationFailure(verification: Verification): VerificationError | undefined {
  const failed = verification.checks.find((check) => !check.ok);
  if (failed === undefined) return undefined;
  return new VerificationError(`The token failed the ${failed.name} check: expected ${failed.expected}, found ${failed.found}.`, {
    code: failed.name,
    hint: checkHint(failed, verification.claims),
  });
}
