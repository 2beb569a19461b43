// Magic links and the state file (--state-file): links, their bindings, used and superseded codes and
// authorization codes survive a restart; a state file written before them still loads.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NATIVE, postForm, start } from './helpers.ts';
import { CALLBACK, expectPage, follow, redirectParams, sendLink, VERIFIER, withParam } from './link-helpers.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { eventually } from '../../helpers/poll.ts';

const dir = tempDir('pwless-link-state-');

describe('the state file with magic links', () => {
  it('keeps a pending link (with what it was sent with), a used one, a superseded one and an authorization code (E-STATE-1)', async () => {
    const stateFile = join(dir, 'links.json');
    const first = await start({ stateFile });
    const pending = await sendLink(first, 'pending@example.com');
    const used = await sendLink(first, 'used@example.com');
    const answer = await follow(used);
    const code = redirectParams(answer.location!, 'query').code!;
    const old = await sendLink(first, 'super@example.com');
    await sendLink(first, 'super@example.com');
    await first.close();

    const second = await start({ stateFile, port: Number(new URL(first.url).port) });
    try {
      expectPage(await follow(withParam(pending, 'state', 'forged')), 400, 'This link is not valid');
      expectPage(await follow(used), 403, 'This link has already been used');
      expectPage(await follow(old), 403, 'A newer link has been sent');
      const exchange = { grant_type: 'authorization_code', client_id: NATIVE, code, redirect_uri: CALLBACK, code_verifier: VERIFIER };
      expect((await postForm(second, '/oauth/token', exchange)).status).toBe(200);
      expect((await follow(pending)).status).toBe(302);
    } finally {
      await second.close();
    }
  });

  it('is written shortly after a followed link, although it is a GET (E-STATE-3)', async () => {
    const stateFile = join(dir, 'live-links.json');
    const emu = await start({ stateFile });
    try {
      const link = await sendLink(emu, 'live@example.com');
      await eventually(() => expect(JSON.parse(readFileSync(stateFile, 'utf8')).outbox).toHaveLength(1));
      await follow(link);
      const saved = await eventually(() => {
        const state = JSON.parse(readFileSync(stateFile, 'utf8'));
        expect(state.authorization_codes).toHaveLength(1);
        return state;
      });
      expect(saved.retired_otps).toEqual([
        { connection: 'email', identity: 'live@example.com', code: link.searchParams.get('verification_code'), reason: 'used' },
      ]);
    } finally {
      await emu.close();
    }
  });

  it('loads a file written before magic links (no retired_otps, no authorization_codes, no link) (E-STATE-4)', async () => {
    const stateFile = join(dir, 'old.json');
    const otp = { connection: 'email', identity: 'old@example.com', code: '123456', expires_at: 8.64e15, failures: 0 };
    writeFileSync(stateFile, JSON.stringify({ pwless_emulator_state: 1, keys: [], otps: [otp], users: [], outbox: [], refresh_tokens: [] }));
    const emu = await start({ stateFile });
    try {
      const link = new URL(`${emu.url}/passwordless/verify_redirect`);
      link.search = new URLSearchParams({
        client_id: NATIVE,
        connection: 'email',
        email: 'old@example.com',
        verification_code: '123456',
        redirect_uri: CALLBACK,
        response_type: 'code',
      }).toString();
      expect((await follow(link)).status).toBe(302);
    } finally {
      await emu.close();
    }
  });

  it('refuses a bad authorization code entry, naming the field (E-STATE-4)', async () => {
    const stateFile = join(dir, 'bad-codes.json');
    const bad = { code: 'c', client_id: NATIVE, redirect_uri: CALLBACK, user_id: 'u', scope: '', expires_at: 1 };
    writeFileSync(
      stateFile,
      JSON.stringify({ pwless_emulator_state: 1, keys: [], otps: [], users: [], outbox: [], refresh_tokens: [], authorization_codes: [bad] }),
    );
    await expect(start({ stateFile })).rejects.toThrow(`State file ${stateFile}: authorization_codes[0].used: is required.`);
  });
});
