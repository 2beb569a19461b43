import { describe, expect, it } from 'vitest';
import { openListener } from '../../../src/cli/login/listener.ts';
import { InterruptedError, NetworkError, UsageError } from '../../../src/core/errors.ts';

describe('the loopback listener', () => {
  it('answers only the callback path with the right state, and keeps waiting until then', async () => {
    const listener = await openListener(0);
    expect(listener.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const waiting = listener.callback('good-state', 5000, undefined);
    const base = listener.redirectUri.replace('/callback', '');
    expect((await fetch(`${base}/favicon.ico`)).status).toBe(404);
    const wrong = await fetch(`${listener.redirectUri}?code=c&state=bad-state`);
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('its state does not match');
    const browser = fetch(`${listener.redirectUri}?code=c1&state=good-state`);
    const { params, answer } = await waiting;
    expect(params).toEqual({ code: 'c1', state: 'good-state' });
    answer(true, 'You are logged in.');
    const page = await browser;
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('You are logged in.');
    // A late second callback is not taken.
    expect((await fetch(`${listener.redirectUri}?code=c2&state=good-state`)).status).toBe(410);
    await listener.close();
  });

  it('gives up after its timeout', async () => {
    const listener = await openListener(0);
    await expect(listener.callback('s', 200, undefined)).rejects.toBeInstanceOf(NetworkError);
    await listener.close();
  });

  it('stops on Ctrl-C', async () => {
    const listener = await openListener(0);
    const abort = new AbortController();
    const waiting = listener.callback('s', 5000, abort.signal);
    abort.abort();
    await expect(waiting).rejects.toBeInstanceOf(InterruptedError);
    await listener.close();
  });

  it('says when the port is taken', async () => {
    const first = await openListener(0);
    const port = Number(new URL(first.redirectUri).port);
    await expect(openListener(port)).rejects.toBeInstanceOf(UsageError);
    await first.close();
  });
});
