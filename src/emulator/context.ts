/**
 * The state one running emulator shares with its handlers, and the handler signature. Handlers
 * are small named async functions that return a {@link Reply} or throw an `OAuthError`
 * (oidc-provider `lib/actions/`); the server does all writing.
 */
import type { IncomingMessage } from 'node:http';
import type { AuthCodeStore } from './auth-codes.ts';
import type { BruteForceGuard } from './brute-force.ts';
import type { ControlledClock } from './clock.ts';
import type { FaultStore } from './fault-store.ts';
import type { KeyRing } from './key-ring.ts';
import type { LoginTicketStore } from './login-tickets.ts';
import type { OtpStore } from './otp-store.ts';
import type { Outbox } from './outbox.ts';
import type { RandomSources } from './random.ts';
import type { BucketPolicy, RateLimiter } from './rate-limit.ts';
import type { RefreshTokenStore } from './refresh-tokens.ts';
import type { Delivery } from './delivery.ts';
import type { Reply } from './respond.ts';
import type { Tenant } from './tenant.ts';
import type { UserStore } from './users.ts';

/** Rate limits and brute-force protection (docs/auth0-behaviour.md, B-RATE-1…B-RATE-5, B-ATTACK-1); absent with `limits: false`. */
export interface Limits {
  start: RateLimiter;
  token: RateLimiter;
  bruteForce: BruteForceGuard;
}

export interface EmulatorContext {
  /** Base URL without a trailing slash. */
  url: string;
  /** `url` + '/': Auth0 issuers end with a slash (docs/auth0-behaviour.md, B-IDT-2). */
  issuer: string;
  tenant: Tenant;
  keys: KeyRing;
  clock: ControlledClock;
  random: RandomSources;
  otpLength: number;
  otpTtlSeconds: number;
  otps: OtpStore;
  users: UserStore;
  outbox: Outbox;
  refreshTokens: RefreshTokenStore;
  /** Authorization codes of followed magic links (response_type=code). */
  authCodes: AuthCodeStore;
  /** Login tickets of POST /co/authenticate, redeemed at GET /authorize. */
  loginTickets: LoginTicketStore;
  limits: Limits | undefined;
  /** The bucket policies, also with `limits: false` (injected 429s carry their headers). */
  ratePolicies: { start: BucketPolicy; token: BucketPolicy };
  faults: FaultStore;
  /** Templates, SMTP and the SMS gateway: delivery besides the outbox (real-delivery.ts). */
  delivery: Delivery;
  /** Aborted when close() starts: hanging and delayed requests end at once. */
  shutdown: AbortSignal;
  /** Hands one human line to the embedder (`onMessage`); never throws. */
  report(line: string): void;
}

export interface HandlerRequest {
  raw: IncomingMessage;
  url: URL;
  /** Aborted when the client goes away or the emulator closes, for long waits. */
  signal: AbortSignal;
  /**
   * The IP that rate limits and brute-force protection count against: the peer's, or the
   * trusted `auth0-forwarded-for` (source-ip.ts), set by the rate-limit wrapper.
   */
  sourceIp: string;
}

export type Handler = (req: HandlerRequest, emu: EmulatorContext) => Promise<Reply>;
