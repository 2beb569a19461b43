/**
 * The state one running emulator shares with its handlers, and the handler signature. Handlers
 * are small named async functions that return a {@link Reply} or throw an `OAuthError`
 * (oidc-provider `lib/actions/`); the server does all writing.
 */
import type { IncomingMessage } from 'node:http';
import type { Clock } from './clock.ts';
import type { SigningKey } from './keys.ts';
import type { OtpStore } from './otp-store.ts';
import type { Outbox } from './outbox.ts';
import type { RandomSources } from './random.ts';
import type { RefreshTokenStore } from './refresh-tokens.ts';
import type { Reply } from './respond.ts';
import type { Tenant } from './tenant.ts';
import type { UserStore } from './users.ts';

/** Paths of the served endpoints; discovery and token audiences are built from these. */
export const PATHS = {
  discovery: '/.well-known/openid-configuration',
  jwks: '/.well-known/jwks.json',
  authorize: '/authorize',
  passwordlessStart: '/passwordless/start',
  verifyRedirect: '/passwordless/verify_redirect',
  token: '/oauth/token',
  userinfo: '/userinfo',
  health: '/__emulator/health',
  outbox: '/__emulator/outbox',
  outboxWait: '/__emulator/outbox/wait',
} as const;

export interface EmulatorContext {
  /** Base URL without a trailing slash. */
  url: string;
  /** `url` + '/': Auth0 issuers end with a slash (reference §6.2 item 2). */
  issuer: string;
  tenant: Tenant;
  key: SigningKey;
  clock: Clock;
  random: RandomSources;
  otpLength: number;
  otpTtlSeconds: number;
  otps: OtpStore;
  users: UserStore;
  outbox: Outbox;
  refreshTokens: RefreshTokenStore;
  /** Hands one human line to the embedder (`onMessage`); never throws. */
  report(line: string): void;
}

export interface HandlerRequest {
  raw: IncomingMessage;
  url: URL;
  /** Aborted when the client goes away or the emulator closes, for long waits. */
  signal: AbortSignal;
}

export type Handler = (req: HandlerRequest, emu: EmulatorContext) => Promise<Reply>;
