/**
 * The transport against real servers on loopback: a server that never answers, a body too large,
 * TLS certificates that are self-signed, from an unknown CA, expired or for another host, --ca-file,
 * HTTP proxies (forwarding, CONNECT, refused, 407) and NO_PROXY, and the --trace-file HAR.
 * Each failure is checked for its exit code, its message and that it comes well inside
 * --timeout + 2 s.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, runCli, tempHome, type CliOptions, type CliRun } from './cli.ts';
import { makeCertificates, type TestCertificates } from '../helpers/certificates.ts';
import { outbox, spawnEmulator, type EmulatorProcess } from './emulator-process.ts';
import { freePort } from '../helpers/free-port.ts';
import { bigBodyServer, proxyServer, silentServer, tlsServer, type TestServer } from './network-servers.ts';

/** No proxy from the developer's shell: each test sets the variables it is about. */
const NO_PROXIES = { HTTP_PROXY: '', HTTPS_PROXY: '', NO_PROXY: '', http_proxy: '', https_proxy: '', no_proxy: '' };

let certs: TestCertificates;
let emu: EmulatorProcess;
let tlsEmu: EmulatorProcess;
let home: string;

beforeAll(async () => {
  certs = makeCertificates();
  home = tempHome();
  [emu, tlsEmu] = await Promise.all([spawnEmulator(), spawnEmulator(['--tls-cert', certs.signed.cert, '--tls-key', certs.signed.key])]);
}, 60_000);
afterAll(async () => {
  await Promise.all([emu?.stop(), tlsEmu?.stop()]);
  certs?.remove();
  const { rmSync } = await import('node:fs');
  rmSync(home, { recursive: true, force: true });
});

async function pwless(args: string[], env: CliOptions['env'] = {}): Promise<CliRun & { ms: number; json: any }> {
  const started = Date.now();
  const run = await runCli(args, { env: { ...NO_PROXIES, ...env } });
  let json: unknown;
  try {
    json = JSON.parse(run.stdout);
  } catch {
    json = undefined;
  }
  return { ...run, ms: Date.now() - started, json };
}

const startAt = (domain: string, email = 'a@example.com') => ['start', '--domain', domain, '--client-id', 'emulator-native', '--email', email, '--json'];
const login = (domain: string, email = 'a@example.com') => [...startAt(domain, email), '--otp-from', 'emulator'];

async function withServer<T extends TestServer>(server: T, fn: (s: T) => Promise<void>): Promise<void> {
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}

describe('deadlines and size', () => {
  it('gives up on a server that accepts and never answers: exit 4 timeout, within --timeout + 2 s', async () => {
    await withServer(await silentServer(), async (server) => {
      const run = await pwless([...startAt(server.url), '--timeout', '1']);
      expect(run.code).toBe(4);
      expect(run.json.error).toMatchObject({ code: 'timeout', description: `No answer from 127.0.0.1:${server.port} within 1 s.` });
      expect(run.json.error.hint).toContain('--timeout');
      expect(server.requests()).toBe(1);
      expect(run.ms).toBeLessThan(3000);
    });
  });

  it('stops reading a 2 MiB body: exit 4 response_too_large', async () => {
    await withServer(await bigBodyServer(2 * 1024 * 1024), async (server) => {
      const run = await pwless([...startAt(server.url), '--timeout', '5']);
      expect(run.code).toBe(4);
      expect(run.json.error).toMatchObject({ code: 'response_too_large', description: `The response from ${server.url} is larger than 1048576 bytes.` });
      expect(run.ms).toBeLessThan(7000);
    });
  });
});

describe('TLS failures, each by kind', () => {
  it.each([
    ['self-signed', 'tls_self_signed', 'selfSigned', false, 'is self-signed (DEPTH_ZERO_SELF_SIGNED_CERT): no trusted CA vouches for it', '--ca-file'],
    ['from an unknown CA', 'tls_unknown_ca', 'signed', false, 'is signed by a CA pwless does not know (UNABLE_TO_VERIFY_LEAF_SIGNATURE)', '--ca-file'],
    ['expired', 'tls_expired', 'expired', true, 'is expired (CERT_HAS_EXPIRED)', 'renew'],
    ['for another host', 'tls_host_mismatch', 'otherHost', true, 'is for another host name (ERR_TLS_CERT_ALTNAME_INVALID)', '--domain'],
  ] as const)('a certificate %s: exit 4 %s', async (_what, code, pair, trustCa, description, hint) => {
    await withServer(await tlsServer(certs[pair]), async (server) => {
      const run = await pwless([...startAt(server.url), '--timeout', '5', ...(trustCa ? ['--ca-file', certs.ca.cert] : [])]);
      expect(run.code).toBe(4);
      expect(run.json.error.code).toBe(code);
      expect(run.json.error.description).toBe(`The TLS certificate of 127.0.0.1:${server.port} ${description}.`);
      expect(run.json.error.hint).toContain(hint);
      expect(run.ms).toBeLessThan(7000);
    });
  });

  it('--ca-file with the CA that signed the emulator certificate makes the whole flow pass, JWKS included', async () => {
    const run = await pwless([...login(tlsEmu.url), '--ca-file', certs.ca.cert]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json.verification.ok).toBe(true);
    // The same CA from PWLESS_CA_FILE; without it, the same flow fails on the first request.
    expect((await pwless(login(tlsEmu.url, 'env@example.com'), { PWLESS_CA_FILE: certs.ca.cert })).code).toBe(0);
    expect((await pwless(login(tlsEmu.url, 'none@example.com'))).json.error.code).toBe('tls_unknown_ca');
  });

  it('--insecure skips the check, and warns', async () => {
    await withServer(await tlsServer(certs.selfSigned), async (server) => {
      const run = await pwless([...startAt(server.url), '--timeout', '5', '--insecure']);
      expect(run.stderr).toContain('warning: --insecure: TLS certificates are not checked');
      // The handshake passed: what fails is the server's empty 404, an answer that is no OAuth error.
      expect(run.code).toBe(4);
      expect(run.json.error).toMatchObject({
        code: 'invalid_response',
        status: 404,
        description: expect.stringContaining('answered HTTP 404 with an empty body'),
      });
    });
  });

  it.each([
    ['a file that does not exist', () => join(certs.dir, 'missing.pem'), 'cannot read it (ENOENT)'],
    ['a file that is not PEM', () => certs.ca.key, 'no PEM certificate in it (no -----BEGIN CERTIFICATE----- block)'],
  ])('refuses --ca-file with %s: exit 2 naming the flag', async (_what, file, message) => {
    const run = await pwless([...startAt(emu.url), '--ca-file', file()]);
    expect(run.code).toBe(2);
    expect(run.json.error.code).toBe('invalid_ca_file');
    expect(run.json.error.description).toBe(`--ca-file ${file()}: ${message}.`);
  });
});

describe('proxies', () => {
  const paths = (seen: { target: string; method: string }[]) => seen.map((s) => `${s.method} ${new URL(s.target).pathname}`);

  it('HTTP_PROXY: every request of the flow goes through the proxy, JWKS included', async () => {
    await withServer(await proxyServer(), async (proxy) => {
      const har = join(home, 'proxied.har');
      const run = await pwless([...login(emu.url, 'proxied@example.com'), '--trace-file', har], { HTTP_PROXY: proxy.url });
      expect(run.code, run.stderr).toBe(0);
      expect(proxy.seen.every((s) => s.kind === 'forward')).toBe(true);
      expect(paths(proxy.seen)).toEqual(
        expect.arrayContaining(['POST /passwordless/start', 'POST /oauth/token', 'GET /.well-known/openid-configuration', 'GET /.well-known/jwks.json']),
      );
      // Exactly the requests pwless made (its own trace of them), no more, no fewer.
      const entries = JSON.parse(readFileSync(har, 'utf8')).log.entries as { request: { method: string; url: string } }[];
      expect(paths(proxy.seen)).toEqual(entries.map((e) => `${e.request.method} ${new URL(e.request.url).pathname}`));
    });
  });

  it('https_proxy (lower case): the flow to an https emulator goes through CONNECT tunnels, with --ca-file inside them', async () => {
    await withServer(await proxyServer(), async (proxy) => {
      const run = await pwless([...login(tlsEmu.url, 'tunnel@example.com'), '--ca-file', certs.ca.cert], { https_proxy: proxy.url });
      expect(run.code, run.stderr).toBe(0);
      expect(proxy.seen.length).toBeGreaterThan(0);
      expect(proxy.seen.every((s) => s.kind === 'connect' && s.target === new URL(tlsEmu.url).host)).toBe(true);
    });
  });

  it('NO_PROXY bypasses a CONNECT proxy too (https targets)', async () => {
    await withServer(await proxyServer(), async (proxy) => {
      const run = await pwless([...login(tlsEmu.url, 'direct-tls@example.com'), '--ca-file', certs.ca.cert], {
        HTTPS_PROXY: proxy.url,
        NO_PROXY: `localhost,${new URL(tlsEmu.url).hostname}`,
      });
      expect(run.code, run.stderr).toBe(0);
      expect(proxy.seen).toHaveLength(0);
    });
  });

  it('NO_PROXY=127.0.0.1 bypasses the proxy', async () => {
    await withServer(await proxyServer(), async (proxy) => {
      const run = await pwless(login(emu.url, 'direct@example.com'), { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' });
      expect(run.code, run.stderr).toBe(0);
      expect(proxy.seen).toHaveLength(0);
    });
  });

  it('a proxy that refuses connections: exit 4 proxy_error naming it, credentials masked, and how to bypass it', async () => {
    const port = await freePort();
    const run = await pwless([...startAt(emu.url), '--timeout', '5'], { HTTP_PROXY: `http://user:hunter2@127.0.0.1:${port}` });
    expect(run.code).toBe(4);
    expect(run.json.error.code).toBe('proxy_error');
    expect(run.json.error.description).toBe(`The proxy http://••••:••••@127.0.0.1:${port}/ refused the connection (for ${emu.url}).`);
    expect(run.json.error.hint).toContain('NO_PROXY=127.0.0.1');
    expect(run.stdout + run.stderr).not.toContain('hunter2');
    expect(run.ms).toBeLessThan(7000);
  });

  it.each([
    ['forwarding an http:// request', 'http', 'answered HTTP 407 (Proxy Authentication Required)'],
    ['to a CONNECT for https://', 'https', 'answered HTTP 407 (Proxy Authentication Required) to the CONNECT request'],
  ])('a proxy answering 407 %s: exit 4 proxy_error', async (_what, scheme, says) => {
    await withServer(await proxyServer({ refuse: 407 }), async (proxy) => {
      const target = scheme === 'http' ? emu.url : tlsEmu.url;
      const run = await pwless([...startAt(target), '--timeout', '5', '--ca-file', certs.ca.cert], { HTTP_PROXY: proxy.url });
      expect(run.code).toBe(4);
      expect(run.json.error).toMatchObject({ code: 'proxy_error', description: `The proxy ${proxy.url}/ ${says} (for ${target}).` });
      expect(proxy.seen).toHaveLength(1);
      expect(run.ms).toBeLessThan(7000);
    });
  });
});

describe('--trace-file', () => {
  const OFFLINE = ['--scope', 'openid profile email offline_access'];

  it('writes the flow as a HAR 1.2 file, mode 0600, without secrets, tokens or personal data', async () => {
    const file = join(home, 'flow.har');
    writeFileSync(file, 'old');
    chmodSync(file, 0o644);
    const email = 'har.person@example.com';
    const args = [
      'start',
      '--domain',
      emu.url,
      '--client-id',
      'emulator-web',
      '--email',
      email,
      '--otp-from',
      'emulator',
      '--json',
      ...OFFLINE,
      '--trace-file',
      file,
    ];
    const run = await pwless(args, { PWLESS_CLIENT_SECRET: 'emulator-web-secret' });
    expect(run.code, run.stderr).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    const har = JSON.parse(text);
    expect(har.log).toMatchObject({ version: '1.2', creator: { name: 'pwless' } });
    const urls = har.log.entries.map((e: any) => `${e.request.method} ${new URL(e.request.url).pathname}`);
    expect(urls).toEqual(
      expect.arrayContaining(['GET /.well-known/openid-configuration', 'POST /passwordless/start', 'POST /oauth/token', 'GET /.well-known/jwks.json']),
    );
    for (const entry of har.log.entries) {
      expect(Date.parse(entry.startedDateTime)).not.toBeNaN();
      expect(entry.request).toMatchObject({ httpVersion: 'HTTP/1.1', headersSize: -1 });
      expect(entry.response).toMatchObject({ status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', redirectURL: '' });
      expect(entry.timings.wait).toBeGreaterThanOrEqual(0);
    }
    const token = har.log.entries.find((e: any) => e.request.url.endsWith('/oauth/token'));
    expect(token.request.postData.mimeType).toBe('application/x-www-form-urlencoded');
    const code = (await outbox(emu.url, email))[0]!.code;
    const { tokens } = run.json;
    expect(tokens.refresh_token).toBeTruthy();
    for (const secret of [
      `otp=${code}`,
      `"${code}"`,
      'emulator-web-secret',
      tokens.refresh_token,
      tokens.access_token,
      tokens.id_token,
      tokens.id_token.split('.')[2],
      email,
      'har.person',
    ]) {
      expect(text).not.toContain(secret);
    }
    // The ID token keeps its header and a payload that decodes, with the identity claims masked.
    const idToken = JSON.parse(token.response.content.text).id_token as string;
    const [header, payload, signature] = idToken.split('.');
    expect(header).toBe(tokens.id_token.split('.')[0]);
    expect(signature).toBe('••••');
    expect(JSON.parse(Buffer.from(payload!, 'base64url').toString())).toMatchObject({ email: '••••', name: '••••', sub: run.json.claims.id_token.sub });
  });

  it('keeps the email with --trace-pii (secrets stay masked)', async () => {
    const file = join(home, 'pii.har');
    const run = await pwless([...login(emu.url, 'pii.kept@example.com'), '--trace-file', file, '--trace-pii']);
    expect(run.code, run.stderr).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('pii.kept@example.com');
    expect(text).not.toContain(run.json.tokens.id_token);
  });

  it('is written on failure too: a refused code (exit 6)', async () => {
    const file = join(home, 'refused.har');
    const run = await pwless([...startAt(emu.url, 'refused@example.com'), '--otp', '000000', '--trace-file', file]);
    expect(run.code).toBe(6);
    const entries = JSON.parse(readFileSync(file, 'utf8')).log.entries;
    const token = entries.find((e: any) => e.request.url.endsWith('/oauth/token'));
    expect(token.response.status).toBe(403);
    expect(token.request.postData.text).not.toContain('000000');
    expect(token.response.content.text).toContain('invalid_grant');
  });

  it('records an exchange that got no answer, with its error', async () => {
    await withServer(await silentServer(), async (server) => {
      const file = join(home, 'timeout.har');
      const run = await pwless([...startAt(server.url), '--timeout', '1', '--trace-file', file]);
      expect(run.code).toBe(4);
      const [entry] = JSON.parse(readFileSync(file, 'utf8')).log.entries;
      expect(entry.response).toMatchObject({ status: 0, _error: { code: 'timeout' } });
      expect(entry.time).toBeGreaterThanOrEqual(900);
    });
  });

  it('is written on Ctrl-C, with the request that was interrupted', async () => {
    await withServer(await silentServer(), async (server) => {
      const file = join(home, 'interrupted.har');
      const child = spawn(process.execPath, [BIN, ...startAt(server.url), '--trace-file', file], { env: cleanEnv(NO_PROXIES), stdio: 'ignore' });
      const exited = once(child, 'exit');
      while (server.requests() === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      child.kill('SIGINT');
      const [code] = await exited;
      expect(code).toBe(130);
      const [entry] = JSON.parse(readFileSync(file, 'utf8')).log.entries;
      expect(entry.request.url).toBe(`${server.url}/passwordless/start`);
      expect(entry.response).toMatchObject({ status: 0, _error: { code: 'interrupted' } });
    });
  });

  it('refuses a path it cannot write: exit 2 naming the flag', async () => {
    const file = join(home, 'no-such-dir', 'x.har');
    const run = await pwless([...startAt(emu.url), '--trace-file', file]);
    expect(run.code).toBe(2);
    expect(run.json.error.description).toBe(`--trace-file ${file}: cannot write it (ENOENT).`);
  });
});
