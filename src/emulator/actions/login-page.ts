/**
 * The Universal Login page for passwordless (docs/emulator.md "Login page", E-LOGIN-1…E-LOGIN-4):
 * what GET /authorize without a login ticket serves, so an SDK that logs in with a redirect
 * (auth0-spa-js, auth0-react, nextjs-auth0, …) completes a passwordless login in a real browser.
 * Auth0's own page is described in https://auth0.com/docs/authenticate/passwordless/passwordless-with-universal-login.
 *
 * 1. GET /authorize ({@link showLoginPage}): the connection (`connection=`, else the client's first
 *    enabled one), a new transaction (login-transactions.ts) and the identity form;
 * 2. POST /u/login/identifier ({@link postIdentifier}): the code (or, with `send=link` on
 *    /authorize, the magic link) is sent as POST /passwordless/start sends it (`sendPasswordless`),
 *    then the code form (or "check your email");
 * 3. POST /u/login/passwordless-challenge ({@link postChallenge}): the code is checked as everywhere
 *    (otp-login.ts: last code only, 3 tries, expiry, brute-force protection), the user logs in, and
 *    the browser goes to the `redirect_uri` exactly as from a login ticket (link-redirect.ts:
 *    code or tokens per `response_type` / `response_mode`, `state`, `nonce`, PKCE).
 * Every post carries the transaction's id and its CSRF token; errors are shown on the page.
 */
import type { EmulatorContext, Handler, HandlerRequest } from '../context.ts';
import { refused } from '../error-page.ts';
import { badField, OAuthError } from '../errors.ts';
import { readParams } from '../http-body.ts';
import { loginPageReply, type LoginForm, type LoginPageState } from '../login-page-html.ts';
import { type LoginTransaction as Transaction, loginTransactionsOf } from '../login-transactions.ts';
import { checkOtp, logInOtpUser, WRONG_CODE } from '../otp-login.ts';
import type { Reply } from '../respond.ts';
import { findConnection, isEnabledFor, type TenantConnection } from '../tenant.ts';
import { EMAIL_PATTERN, normalizeIdentity, PHONE_PATTERN } from '../users.ts';
import type { AuthorizeQuery } from './authorize-query.ts';
import { linkRedirect, type RedirectRequest } from './link-redirect.ts';
import { sendPasswordless } from './passwordless-start.ts';

const ENDPOINT = 'GET /authorize';

/** What a transaction keeps: the checked request, the query as sent, the connection, and whom the code went to. */
interface Login {
  request: RedirectRequest;
  /** The /authorize query as sent (a magic link carries its authParams). */
  params: Readonly<Record<string, string | undefined>>;
  connection: TenantConnection;
  /** `send=link` on /authorize: the page sends a magic link instead of a code. */
  send: 'code' | 'link';
  /** The email or phone number the code went to, once sent. */
  recipient?: string;
}

type LoginTransaction = Transaction<Login>;
const START_AGAIN = 'Go back to the application and log in again (a login page is valid for 10 minutes).';

/** `connection=` when given (it must be enabled for the client), else the client's first passwordless connection. */
function connectionOf(emu: EmulatorContext, query: AuthorizeQuery): TenantConnection {
  const { client } = query.request;
  const named = query.params.connection;
  if (named !== undefined) {
    const connection = findConnection(emu.tenant, named);
    if (connection === undefined) throw refused('unknown_connection', `No passwordless connection is named "${named.slice(0, 60)}" in this tenant.`, ENDPOINT);
    if (!isEnabledFor(connection, client)) {
      throw refused(
        'connection_disabled',
        `The connection ${connection.name} is not enabled for ${client.client_id} (tenant file: connections[].enabled_clients).`,
        ENDPOINT,
      );
    }
    return connection;
  }
  const first = emu.tenant.connections.find((connection) => isEnabledFor(connection, client));
  if (first === undefined)
    throw refused(
      'connection_disabled',
      `No passwordless connection is enabled for ${client.client_id} (tenant file: connections[].enabled_clients).`,
      ENDPOINT,
    );
  return first;
}

function formOf(transaction: LoginTransaction): LoginForm {
  const { client, redirectUri } = transaction.login.request;
  return {
    transactionId: transaction.id,
    csrf: transaction.csrf,
    appName: client.name,
    strategy: transaction.login.connection.strategy,
    redirectOrigin: new URL(redirectUri).origin,
  };
}

/** GET /authorize without a ticket: a new transaction and its identity form (prefilled with `login_hint`). */
export function showLoginPage(emu: EmulatorContext, query: AuthorizeQuery): Reply {
  const connection = connectionOf(emu, query);
  const send = query.params.send === 'link' ? 'link' : 'code';
  const transaction = loginTransactionsOf<Login>(emu).start({ request: query.request, params: query.params, connection, send }, emu.clock.now());
  return loginPageReply(formOf(transaction), { step: 'identifier', identifier: query.params.login_hint });
}

/** The form post's fields, and the transaction they name (a refusal page when there is none, or the token is not its own). */
async function readPost(req: HandlerRequest, emu: EmulatorContext): Promise<{ fields: Record<string, string>; transaction: LoginTransaction }> {
  const raw = await readParams(req.raw, (description) => badField('request', description));
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) if (typeof value === 'string') fields[key] = value;
  const endpoint = `POST ${req.url.pathname}`;
  const lookup = loginTransactionsOf<Login>(emu).find(fields.transaction ?? '', fields.csrf ?? '', emu.clock.now());
  if (lookup.outcome === 'forged') {
    throw refused(
      'login_forged',
      'The form did not carry the security token of its login (CSRF protection). Reload the login page from the application.',
      endpoint,
    );
  }
  if (lookup.outcome !== 'ok') throw refused('login_expired', `This login page is no longer valid. ${START_AGAIN}`, endpoint);
  return { fields, transaction: lookup.transaction };
}

function identifierProblem(connection: TenantConnection, identifier: string): string | undefined {
  if (connection.strategy === 'email') return EMAIL_PATTERN.test(identifier) ? undefined : 'Enter a valid email address.';
  return PHONE_PATTERN.test(identifier) ? undefined : 'Enter a phone number in international format, e.g. +15550100.';
}

/** The authParams a magic link carries, from the /authorize query (magic-link.ts keeps only the ones it binds). */
function authParamsOf(login: Login): Record<string, unknown> {
  return { ...login.params, redirect_uri: login.request.redirectUri };
}

/** POST /u/login/identifier: send the code (or link), then show the code form (or "check your email"). */
export const postIdentifier: Handler = async (req, emu) => {
  const { fields, transaction } = await readPost(req, emu);
  const form = formOf(transaction);
  const { login } = transaction;
  const identifier = (fields.identifier ?? '').trim();
  const problem = identifierProblem(login.connection, identifier);
  if (problem !== undefined) return loginPageReply(form, { step: 'identifier', identifier, error: problem }, 400);
  try {
    await sendPasswordless(req, emu, {
      client: login.request.client,
      connection: login.connection,
      send: login.send,
      recipient: identifier,
      authParams: authParamsOf(login),
      clientSecret: undefined,
    });
  } catch (err) {
    if (err instanceof OAuthError) return loginPageReply(form, { step: 'identifier', identifier, error: err.description }, err.status);
    throw err;
  }
  login.recipient = identifier;
  return loginPageReply(form, login.send === 'link' ? { step: 'link_sent', recipient: identifier } : { step: 'code', recipient: identifier });
};

/** The error shown for a refused code: the OTP grant's text, with the tries left after a wrong code. */
function codeError(emu: EmulatorContext, login: Login, recipient: string, err: OAuthError): string {
  const { connection } = login;
  if (err.description !== WRONG_CODE[connection.strategy]) return err.description;
  const left = emu.otps.attemptsLeft(connection.name, normalizeIdentity(connection.strategy, recipient));
  if (left === undefined) return `${err.description} Send a new code.`;
  return `${err.description} ${left === 1 ? '1 attempt' : `${left} attempts`} left.`;
}

/** POST /u/login/passwordless-challenge: check the code, log in, and redirect as the ticket path does. */
export const postChallenge: Handler = async (req, emu) => {
  const { fields, transaction } = await readPost(req, emu);
  const form = formOf(transaction);
  const { login } = transaction;
  const recipient = login.recipient;
  if (recipient === undefined) return loginPageReply(form, { step: 'identifier', error: 'Enter your email or phone number first.' }, 400);
  const state: LoginPageState = { step: 'code', recipient };
  const otp = (fields.code ?? '').trim();
  if (otp === '') return loginPageReply(form, { ...state, error: 'Enter the code you received.' }, 400);
  try {
    const identity = checkOtp(emu, { connection: login.connection, username: recipient, otp, sourceIp: req.sourceIp });
    const user = logInOtpUser(emu, login.connection, identity);
    loginTransactionsOf<Login>(emu).finish(transaction.id);
    return await linkRedirect(emu, login.request, user, emu.clock.now());
  } catch (err) {
    if (err instanceof OAuthError) return loginPageReply(form, { ...state, error: codeError(emu, login, recipient, err) }, err.status === 429 ? 429 : 400);
    throw err;
  }
};
