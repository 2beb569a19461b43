/**
 * What commands return. `main.ts` renders it (src/render/output.ts) and sets the exit code from
 * its failure, if any: a result can carry one (tokens came back, but the ID token failed a check).
 */
import type { ChalkInstance } from 'chalk';
import { VerificationError, type PwlessError } from '../core/errors.ts';
import type { Verification } from '../core/jwt.ts';
import { checkHint } from './check-hints.ts';
import type { LoginResult } from './login.ts';

export interface DemoResult {
  kind: 'demo';
  emulatorUrl: string;
  login: LoginResult;
}

export interface EmulatorStopped {
  kind: 'emulator';
  url: string;
  issuer: string;
}

/** A result already shaped by its renderer: the JSON body and the human lines (given stdout's colours). */
export interface ViewResult {
  kind: 'view';
  json: Record<string, unknown>;
  lines: (c: ChalkInstance) => string[];
  failure?: PwlessError | undefined;
}

export type CommandResult = LoginResult | DemoResult | EmulatorStopped | ViewResult;

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
