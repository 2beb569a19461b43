/**
 * `pwless demo`: the whole flow against an in-process emulator on a free loopback port, narrated
 * on stderr: send a code, read it from the outbox, exchange it, verify the ID token against the
 * emulator's JWKS, show the claims. Needs no tenant and no network.
 */
import type { Context } from '../../context.ts';
import { login } from '../../login/flow.ts';
import { demoView } from '../../../render/demo.ts';
import type { OutputView } from '../../../render/view.ts';

const DEMO_CLIENT = 'emulator-native';
const DEMO_EMAIL = 'demo@example.com';

export async function demo(_options: Record<string, never>, ctx: Context): Promise<OutputView> {
  const { startEmulator } = await import('../../../emulator/server.ts');
  const emu = await startEmulator({
    host: '127.0.0.1',
    port: 0,
    // The emulator's own outbox log prints each code; the narration below says where it went instead.
    onMessage: () => {},
  });
  try {
    ctx.progress(`${ctx.err.green('✓')} Started the emulator at ${emu.url} (a test double: its keys and codes are not for production).`);
    ctx.progress(ctx.err.dim(`  Logging in ${DEMO_EMAIL} with its public client ${DEMO_CLIENT}; the code goes to the emulator's outbox, not to a mailbox.`));
    const result = await login(
      {
        base: new URL(emu.url),
        start: { clientId: DEMO_CLIENT, connection: 'email', channel: 'email', identity: DEMO_EMAIL, send: 'code' },
        scope: 'openid profile email offline_access',
        audience: undefined,
        codeSource: { kind: 'from', source: { kind: 'emulator' }, timeoutMs: 10_000, regex: undefined, passEnv: [] },
        keep: { save: false, profile: undefined },
      },
      ctx,
    );
    return demoView(emu.url, result, ctx.showTokens);
  } finally {
    await emu.close();
  }
}
