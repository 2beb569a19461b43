/**
 * A token that fails a check is a failure of the run (exit 8), with the check's name as its code
 * and the fix for that check's cause as its hint. Set where the verification is made: a login
 * (src/cli/login/flow.ts), `token verify`, `token refresh`.
 */
import { VerificationError } from '../../core/errors.ts';
import type { Verification } from '../../core/jwt.ts';
import { checkHint } from './check-hints.ts';

/** The first failed check of a verification, as the error that exits 8 with the check's name as its code. */
export function verificationFailure(verification: Verification): VerificationError | undefined {
  const failed = verification.checks.find((check) => !check.ok);
  if (failed === undefined) return undefined;
  return new VerificationError(`The token failed the ${failed.name} check: expected ${failed.expected}, found ${failed.found}.`, {
    code: failed.name,
    hint: checkHint(failed, verification.claims),
  });
}
