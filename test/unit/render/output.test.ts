/**
 * The one renderer of a run's outcome (src/render/output.ts): with --json exactly one document,
 * `{ok, ...body, error?}` with warnings and --curl commands after the body; in human mode the
 * lines on stdout, then the error block on stderr. A view the command printed itself adds
 * nothing; commander's refusal, which commander printed, adds only the --json document.
 */
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { CodeRejectedError, ConfigError, UsageError } from '../../../src/core/errors.ts';
import { renderOutcome, type RunOutcome } from '../../../src/render/output.ts';
import type { OutputContext } from '../../../src/render/output-context.ts';
import { ALREADY_PRINTED, outputView } from '../../../src/render/view.ts';

function context(json: boolean, extra: Partial<OutputContext> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const plain = new Chalk({ level: 0 });
  const ctx: OutputContext = {
    json,
    out: plain,
    err: plain,
    print: (line) => out.push(line),
    printErr: (line) => err.push(line),
    warnings: [],
    curl: undefined,
    debug: false,
    nodeVersion: '24.0.0',
    ...extra,
  };
  return { ctx, out, err };
}

const refused = new CodeRejectedError('The code is wrong.', {
  status: 403,
  body: { error: 'invalid_grant', error_description: 'Wrong email or verification code.' },
  reason: 'wrong',
  hint: 'Check the code.',
});
refused.attemptsLeft = 2;

describe('renderOutcome', () => {
  it('--json: one document, ok first, then the body, the warnings and the --curl commands', () => {
    const { ctx, out, err } = context(true, { warnings: ['careful'], curl: { commands: () => ['curl …'] } });
    renderOutcome({ kind: 'returned', view: outputView({ tokens: { a: 1 } }, () => ['not shown']) }, ctx);
    expect(out).toHaveLength(1);
    expect(out[0]).toBe(JSON.stringify({ ok: true, tokens: { a: 1 }, warnings: ['careful'], curl: ['curl …'] }, null, 2));
    expect(err).toEqual([]);
  });

  it('--json: a view that carries a failure is one document with ok: false and the error before the body', () => {
    const { ctx, out } = context(true);
    renderOutcome({ kind: 'returned', view: outputView({ saved: true }, () => [], refused) }, ctx);
    expect(Object.keys(JSON.parse(out[0] as string))).toEqual(['ok', 'error', 'saved']);
    expect(JSON.parse(out[0] as string)).toEqual({
      ok: false,
      error: { code: 'invalid_grant', status: 403, description: 'The code is wrong.', hint: 'Check the code.', reason: 'wrong', attempts_left: 2 },
      saved: true,
    });
  });

  it('human: the lines on stdout, then the error block on stderr', () => {
    const { ctx, out, err } = context(false);
    renderOutcome({ kind: 'returned', view: outputView({}, () => ['Tokens', '  access_token …'], refused) }, ctx);
    expect(out).toEqual(['Tokens', '  access_token …']);
    expect(err).toEqual([
      'error: The code is wrong.',
      '  tenant answered: HTTP 403 invalid_grant',
      '  attempts left: 2 for this code',
      '  hint: Check the code.',
    ]);
  });

  it('a thrown error is the document (or block) of a view with no body', () => {
    const error = new ConfigError('No saved tokens at all.', { code: 'no_saved_tokens', hint: 'Log in first.' });
    const json = context(true, { warnings: ['w'] });
    renderOutcome({ kind: 'failed', error }, json.ctx);
    expect(json.out).toEqual([
      JSON.stringify(
        { ok: false, error: { code: 'no_saved_tokens', status: null, description: 'No saved tokens at all.', hint: 'Log in first.' }, warnings: ['w'] },
        null,
        2,
      ),
    ]);
    const human = context(false);
    renderOutcome({ kind: 'failed', error }, human.ctx);
    expect(human.out).toEqual([]);
    expect(human.err).toEqual(['error: No saved tokens at all.', '  hint: Log in first.']);
  });

  it.each([
    ['the emulator printed its own document', { kind: 'returned', view: ALREADY_PRINTED }, true],
    ['the emulator printed its own URL', { kind: 'returned', view: ALREADY_PRINTED }, false],
    ["commander's refusal, which commander printed", { kind: 'refused', error: new UsageError("unknown option '--x'", { code: 'invalid_usage' }) }, false],
  ] as [string, RunOutcome, boolean][])('adds nothing after %s', (_what, outcome, json) => {
    const { ctx, out, err } = context(json);
    renderOutcome(outcome, ctx);
    expect([...out, ...err]).toEqual([]);
  });

  it("commander's refusal still gets its --json document", () => {
    const { ctx, out } = context(true);
    renderOutcome({ kind: 'refused', error: new UsageError("unknown option '--x'", { code: 'invalid_usage' }) }, ctx);
    expect(JSON.parse(out[0] as string)).toMatchObject({ ok: false, error: { code: 'invalid_usage', description: "unknown option '--x'" } });
  });

  it('a bug says so, with the versions to report, and its stack only with PWLESS_DEBUG', () => {
    const quiet = context(false);
    renderOutcome({ kind: 'crashed', error: new Error('boom') }, quiet.ctx);
    expect(quiet.err[0]).toBe('error: boom');
    expect(quiet.err[1]).toContain('(Node.js 24.0.0)');
    expect(quiet.err).toHaveLength(2);
    const debug = context(false, { debug: true });
    renderOutcome({ kind: 'crashed', error: new Error('boom') }, debug.ctx);
    expect(debug.err[2]).toBe('Error: boom');
    expect(debug.err[3]).toMatch(/^\s+at /);
    const json = context(true);
    renderOutcome({ kind: 'crashed', error: new Error('boom') }, json.ctx);
    expect(JSON.parse(json.out[0] as string)).toEqual({
      ok: false,
      error: { code: 'internal_error', status: null, description: 'boom', hint: 'This is a bug in pwless.' },
    });
  });

  it('names the values the user asked to see, for the writer to leave whole: the tokens of a document, the revealed of a view (issue 22, item 3)', () => {
    const printed: [string, readonly string[] | undefined][] = [];
    const json = context(true, { print: (line, revealed) => printed.push([line, revealed]) });
    const tokens = { access_token: 'at-1', id_token: 'id-1', refresh_token: 'rt-1', token_type: 'Bearer', scope: 'openid' };
    renderOutcome({ kind: 'returned', view: outputView({ tokens }, () => []) }, json.ctx);
    expect(printed[0]?.[1]).toEqual(['at-1', 'id-1', 'rt-1']);
    const human = context(false, { print: (line, revealed) => printed.push([line, revealed]) });
    renderOutcome({ kind: 'returned', view: outputView({}, () => ['at-1'], refused, ['at-1']) }, human.ctx);
    expect(printed[1]).toEqual(['at-1', ['at-1']]);
    expect(human.err[0]).toBe('error: The code is wrong.');
  });
});
