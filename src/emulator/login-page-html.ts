/**
 * The HTML of the Universal Login page for passwordless (actions/login-page.ts, docs/emulator.md
 * "Login page"): server-rendered forms that work without JavaScript — the identity form, the code
 * form, "check your email" for a link — each with labelled inputs, a heading, one submit button
 * and an error in a `role="alert"` paragraph the input names with `aria-describedby`, so a
 * keyboard or screen-reader user meets the same page (WCAG 2.2: 1.3.1, 3.3.1, 3.3.2, 4.1.2).
 *
 * Every value that comes from the request (email, phone number, error texts quoting the input,
 * the application's name) is escaped here, in {@link escapeHtml}, and nowhere else. No script is
 * sent, and the CSP forbids any; styles are one inline sheet allowed by its hash.
 */
import { createHash } from 'node:crypto';
import { PATHS } from './paths.ts';
import type { Reply } from './respond.ts';

/** Escapes text for element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface LoginForm {
  transactionId: string;
  csrf: string;
  /** The application's name, shown in the heading. */
  appName: string;
  strategy: 'email' | 'sms';
  /** The origin of the redirect_uri: the code form's post ends in a redirect there (CSP `form-action` covers redirects). */
  redirectOrigin: string;
}

export type LoginPageState =
  | { step: 'identifier'; identifier?: string | undefined; error?: string | undefined }
  | { step: 'code'; recipient: string; error?: string | undefined }
  | { step: 'link_sent'; recipient: string };

const STYLE = [
  'body{font-family:system-ui,sans-serif;background:#f2f4f7;margin:0;color:#1e212a}',
  'main{max-width:22rem;margin:3rem auto;background:#fff;padding:2rem 2.5rem;border-radius:.5rem;box-shadow:0 2px 8px rgb(0 0 0/.12)}',
  'h1{font-size:1.4rem;margin:0 0 .5rem}',
  'label{display:block;font-weight:600;margin:1rem 0 .3rem}',
  'input{box-sizing:border-box;width:100%;padding:.6rem;font-size:1rem;border:1px solid #8a8f99;border-radius:.3rem}',
  'input:focus,button:focus{outline:3px solid #3f59e4;outline-offset:2px}',
  'button{margin-top:1.2rem;width:100%;padding:.7rem;font-size:1rem;border:0;border-radius:.3rem;background:#3f59e4;color:#fff;cursor:pointer}',
  'button.secondary{background:none;color:#3f59e4;text-decoration:underline;margin-top:.6rem}',
  '.error{color:#b3261e;background:#fdecea;border-radius:.3rem;padding:.6rem;margin:1rem 0 0}',
  'small{display:block;margin-top:1.5rem;color:#5c616b}',
].join('');
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

const IDENTITY = {
  email: { label: 'Email address', type: 'email', autocomplete: 'email', sentTo: 'email' },
  sms: { label: 'Phone number', type: 'tel', autocomplete: 'tel', sentTo: 'phone' },
} as const;

function hidden(form: LoginForm): string {
  return [
    `<input type="hidden" name="transaction" value="${escapeHtml(form.transactionId)}">`,
    `<input type="hidden" name="csrf" value="${escapeHtml(form.csrf)}">`,
  ].join('\n');
}

function errorParagraph(error: string | undefined): string {
  return error === undefined ? '' : `<p class="error" id="error" role="alert">${escapeHtml(error)}</p>`;
}

function describedBy(error: string | undefined): string {
  return error === undefined ? '' : ' aria-describedby="error" aria-invalid="true"';
}

function identifierBody(form: LoginForm, state: Extract<LoginPageState, { step: 'identifier' }>): string[] {
  const field = IDENTITY[form.strategy];
  const value = state.identifier === undefined ? '' : ` value="${escapeHtml(state.identifier)}"`;
  return [
    '<h1>Log in</h1>',
    `<p>to continue to ${escapeHtml(form.appName)}</p>`,
    errorParagraph(state.error),
    `<form method="post" action="${PATHS.loginIdentifier}">`,
    hidden(form),
    `<label for="identifier">${field.label}</label>`,
    `<input id="identifier" name="identifier" type="${field.type}" autocomplete="${field.autocomplete}" required autofocus${value}${describedBy(state.error)}>`,
    '<button type="submit">Continue</button>',
    '</form>',
  ];
}

function codeBody(form: LoginForm, state: Extract<LoginPageState, { step: 'code' }>): string[] {
  return [
    `<h1>Verify your ${IDENTITY[form.strategy].sentTo}</h1>`,
    `<p>We sent a code to <strong>${escapeHtml(state.recipient)}</strong>. Enter it below to log in to ${escapeHtml(form.appName)}.</p>`,
    errorParagraph(state.error),
    `<form method="post" action="${PATHS.loginChallenge}">`,
    hidden(form),
    '<label for="code">Code</label>',
    `<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required autofocus${describedBy(state.error)}>`,
    '<button type="submit">Continue</button>',
    '</form>',
    `<form method="post" action="${PATHS.loginIdentifier}">`,
    hidden(form),
    `<input type="hidden" name="identifier" value="${escapeHtml(state.recipient)}">`,
    '<button type="submit" class="secondary">Resend code</button>',
    '</form>',
  ];
}

function linkSentBody(form: LoginForm, state: Extract<LoginPageState, { step: 'link_sent' }>): string[] {
  const what = form.strategy === 'email' ? 'email' : 'messages';
  return [
    `<h1>Check your ${what}</h1>`,
    `<p role="status">We sent a link to <strong>${escapeHtml(state.recipient)}</strong>. Follow it to log in to ${escapeHtml(form.appName)}. You can close this page.</p>`,
  ];
}

function bodyOf(form: LoginForm, state: LoginPageState): string[] {
  if (state.step === 'identifier') return identifierBody(form, state);
  if (state.step === 'code') return codeBody(form, state);
  return linkSentBody(form, state);
}

const TITLES: Record<LoginPageState['step'], string> = { identifier: 'Log in', code: 'Enter your code', link_sent: 'Check your messages' };

/** The page for a state; 200, or `status` (e.g. 400 with an error). */
export function loginPageReply(form: LoginForm, state: LoginPageState, status = 200): Reply {
  const formAction = `'self' ${form.redirectOrigin}`;
  const text = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">',
    `<meta name="pwless-login-step" content="${state.step}">`,
    `<title>${TITLES[state.step]} — pwless emulator</title><style>${STYLE}</style></head>`,
    '<body><main>',
    ...bodyOf(form, state).filter((line) => line !== ''),
    "<small>pwless emulator: a test double of an Auth0 tenant's Universal Login page.</small>",
    '</main></body></html>',
    '',
  ].join('\n');
  return {
    status,
    headers: {
      'content-security-policy': `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    },
    raw: { contentType: 'text/html; charset=utf-8', text },
  };
}
