/**
 * What commands return and render/ turns into output: a finished login, the demo, the stopped
 * emulator, or a view already shaped by its renderer. Defined here, with the renderer that reads
 * them, so that render/ needs nothing from cli/ (cli → render → core).
 */
import type { ChalkInstance } from 'chalk';
import type { PwlessError } from '../core/errors.ts';
import type { Verification } from '../core/jwt.ts';
import type { StartParams } from '../core/passwordless.ts';
import type { TokenSet } from '../core/token-endpoint.ts';

export interface LoginResult {
  kind: 'login';
  base: URL;
  start: StartParams;
  tokens: TokenSet;
  obtainedAt: Date;
  /** Absent when no ID token came back, or when verifying it failed before any check ran (see failure). */
  verification: Verification | undefined;
  /** The scope the login asked for: what came back is compared with it. */
  requestedScope: string | undefined;
  /** Whether the tokens were saved for `pwless token`. */
  saved: boolean;
  /** Discovery, the JWKS or the issuer failed after the code was spent: the tokens are still here. */
  failure?: PwlessError | undefined;
}

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
