// The outbox's index and caps (docs/emulator.md "Control API", E-OUTBOX-5): reads by recipient,
// the oldest message dropped first past the per-recipient or the total cap, settable at start.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmulatorConfigError } from '../../../src/emulator/errors.ts';
import { resolveEmulatorSettings } from '../../../src/emulator/options.ts';
import { Outbox, type OutboxMessage } from '../../../src/emulator/outbox.ts';
import type { RunningEmulator } from '../../../src/emulator/server.ts';
import { call, NATIVE, postJson, start } from './helpers.ts';

function message(id: string, to: string, createdAt: number): OutboxMessage {
  return { id, channel: 'email', to, send: 'code', code: '123456', link: null, created_at: createdAt, expires_at: createdAt + 300_000 };
}

const ids = (messages: OutboxMessage[]) => messages.map((m) => m.id);

describe('outbox caps (E-OUTBOX-5)', () => {
  it('drops the oldest message of a recipient past the per-recipient cap, and leaves the others', () => {
    const outbox = new Outbox({ perRecipient: 2, total: 100 });
    outbox.add(message('a1', 'a@example.com', 1));
    outbox.add(message('b1', 'b@example.com', 2));
    outbox.add(message('a2', 'A@example.com', 3));
    outbox.add(message('a3', 'a@example.com', 4));
    expect(ids(outbox.list('a@example.com'))).toEqual(['a3', 'a2']);
    expect(ids(outbox.list())).toEqual(['a3', 'a2', 'b1']);
  });

  it('drops the oldest message of all past the total cap', () => {
    const outbox = new Outbox({ perRecipient: 10, total: 3 });
    outbox.add(message('a1', 'a@example.com', 1));
    outbox.add(message('b1', 'b@example.com', 2));
    outbox.add(message('a2', 'a@example.com', 3));
    outbox.add(message('c1', 'c@example.com', 4));
    outbox.add(message('c2', 'c@example.com', 5));
    expect(ids(outbox.list())).toEqual(['c2', 'c1', 'a2']);
    expect(ids(outbox.list('a@example.com'))).toEqual(['a2']);
    expect(outbox.list('b@example.com')).toEqual([]);
  });

  it('applies the caps to a replaced (state file) list, keeping the newest', () => {
    const outbox = new Outbox({ perRecipient: 2, total: 3 });
    outbox.replace([1, 2, 3, 4].map((n) => message(`a${n}`, 'a@example.com', n)));
    expect(ids(outbox.list())).toEqual(['a4', 'a3']);
  });

  it('reads and waits by recipient: since filters, a wait for one recipient ignores another', async () => {
    const outbox = new Outbox();
    outbox.add(message('a1', 'a@example.com', 1));
    outbox.add(message('a2', 'a@example.com', 5));
    expect(ids(outbox.list('A@EXAMPLE.COM', 1))).toEqual(['a2']);
    const controller = new AbortController();
    const waited = outbox.wait('b@example.com', 0, 60_000, controller.signal);
    outbox.add(message('c1', 'c@example.com', 6));
    expect(outbox.waiting).toBe(1);
    outbox.add(message('b1', 'B@example.com', 7));
    expect(ids((await waited) as OutboxMessage[])).toEqual(['b1']);
    expect(outbox.waiting).toBe(0);
  });

  it('refuses a bad outboxPerRecipient or outboxTotal, naming the option and the range', () => {
    for (const [option, value] of [
      ['outboxPerRecipient', 0],
      ['outboxTotal', 1.5],
    ] as const) {
      expect(() => resolveEmulatorSettings({ [option]: value })).toThrow(EmulatorConfigError);
      expect(() => resolveEmulatorSettings({ [option]: value })).toThrow(new RegExp(`Invalid ${option} ${value}: use an integer from 1 to`));
    }
    expect(resolveEmulatorSettings({}).outboxCaps).toEqual({ perRecipient: 100, total: 10_000 });
  });

  describe('set at start', () => {
    let emu: RunningEmulator;
    beforeAll(async () => {
      emu = await start({ outboxPerRecipient: 2 });
    });
    afterAll(() => emu.close());

    it('keeps only the newest messages of a recipient over REST', async () => {
      for (let i = 0; i < 3; i++) {
        expect((await postJson(emu, '/passwordless/start', { client_id: NATIVE, connection: 'email', send: 'code', email: 'capped@example.com' })).status).toBe(
          200,
        );
      }
      const answer = await call(emu, '/__emulator/outbox?to=capped@example.com');
      expect(answer.body.messages).toHaveLength(2);
    });
  });
});
