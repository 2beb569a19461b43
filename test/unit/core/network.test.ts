/** Network settings, the run's dispatcher and the translation of TLS and proxy failures (no network). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { Agent, EnvHttpProxyAgent } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { dispatcherFor, tlsSettings } from '../../../src/core/dispatcher.ts';
import { UsageError } from '../../../src/core/errors.ts';
import { translateNetworkError } from '../../../src/core/http.ts';
import { maskProxyUrl, networkSettings, proxyForScheme, readCaFile } from '../../../src/core/network-settings.ts';

const dir = mkdtempSync(join(tmpdir(), 'pwless-network-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const [someRoot] = tls.getCACertificates('bundled');

describe('networkSettings', () => {
  it('reads the proxy variables, lower case first, an empty one counting as unset', () => {
    const s = networkSettings({
      http_proxy: 'http://lower:3128',
      HTTP_PROXY: 'http://upper:3128',
      https_proxy: '',
      HTTPS_PROXY: 'http://secure:3128',
      NO_PROXY: 'localhost',
    });
    expect(s).toMatchObject({ httpProxy: 'http://lower:3128', httpsProxy: 'http://secure:3128', noProxy: 'localhost', insecure: false });
    expect(proxyForScheme(s, new URL('https://t.example.com'))).toBe('http://secure:3128');
    expect(proxyForScheme(networkSettings({ HTTP_PROXY: 'http://p:1' }), new URL('https://t.example.com'))).toBe('http://p:1');
    expect(proxyForScheme(networkSettings({}), new URL('http://t.example.com'))).toBeUndefined();
  });

  it('masks the credentials of a proxy URL', () => {
    expect(maskProxyUrl('http://user:p%40ss@proxy.corp:8080')).toBe('http://••••:••••@proxy.corp:8080/');
    expect(maskProxyUrl('http://proxy.corp:8080')).toBe('http://proxy.corp:8080/');
  });
});

describe('--ca-file', () => {
  it('adds its certificates to the default roots, never replacing them', () => {
    const file = join(dir, 'ca.pem');
    writeFileSync(file, someRoot!);
    const s = networkSettings({}, { caFile: { path: file, source: '--ca-file' } });
    const { ca } = tlsSettings(s);
    const defaults = tls.getCACertificates('default');
    expect(ca).toHaveLength(defaults.length + 1);
    expect(ca!.slice(0, defaults.length)).toEqual(defaults);
    expect(ca!.at(-1)).toBe(someRoot!.trim());
    expect(tlsSettings(networkSettings({}))).toEqual({});
  });

  it('names the flag for a file that is missing, not PEM, or holds a broken certificate', () => {
    const broken = join(dir, 'broken.pem');
    writeFileSync(broken, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    const notPem = join(dir, 'note.txt');
    writeFileSync(notPem, 'hello');
    const refusal = (path: string) => {
      try {
        readCaFile(path, 'PWLESS_CA_FILE');
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as UsageError).message;
      }
      throw new Error('expected a UsageError');
    };
    expect(refusal(join(dir, 'none.pem'))).toBe(`PWLESS_CA_FILE ${join(dir, 'none.pem')}: cannot read it (ENOENT).`);
    expect(refusal(notPem)).toBe(`PWLESS_CA_FILE ${notPem}: no PEM certificate in it (no -----BEGIN CERTIFICATE----- block).`);
    expect(refusal(broken)).toMatch(/^PWLESS_CA_FILE .*broken\.pem: certificate 1 is not a valid X\.509 certificate/);
  });

  it('is read only when a request needs it', async () => {
    const s = networkSettings({}, { caFile: { path: join(dir, 'none.pem'), source: '--ca-file' } });
    expect(s.httpProxy).toBe('');
    await expect(dispatcherFor(s)).rejects.toThrow(UsageError);
  });
});

describe('dispatcherFor', () => {
  it('uses the global dispatcher when nothing asks otherwise, and builds one per run otherwise', async () => {
    expect(await dispatcherFor(undefined)).toBeUndefined();
    expect(await dispatcherFor(networkSettings({}))).toBeUndefined();
    const insecure = networkSettings({}, { insecure: true });
    const agent = await dispatcherFor(insecure);
    expect(agent).toBeInstanceOf(Agent);
    expect(await dispatcherFor(insecure)).toBe(agent);
    const proxied = await dispatcherFor(networkSettings({ HTTPS_PROXY: 'http://127.0.0.1:9' }));
    expect(proxied).toBeInstanceOf(EnvHttpProxyAgent);
    await Promise.all([agent!.close(), proxied!.close()]);
  });
});

describe('translateNetworkError', () => {
  const url = new URL('https://tenant.example.com');
  const fail = (error: object, network = networkSettings({})) => translateNetworkError(Object.assign(new Error('x'), error), url, 5000, network);

  it.each([
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls_self_signed', '--ca-file'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'tls_self_signed', '--ca-file'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls_unknown_ca', '--ca-file'],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'tls_unknown_ca', '--ca-file'],
    ['CERT_HAS_EXPIRED', 'tls_expired', 'renew'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls_host_mismatch', '--domain'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls', '--ca-file'],
  ])('%s is %s, with a hint naming %s', (code, expected, hint) => {
    const error = fail({ code });
    expect(error.code).toBe(expected);
    expect(error.message).toContain('tenant.example.com');
    expect(error.hint).toContain(hint);
  });

  it('blames the proxy only when the failing endpoint is the proxy', () => {
    const network = networkSettings({ HTTPS_PROXY: 'http://u:pw@127.0.0.1:3128' });
    const atProxy = fail({ code: 'ECONNREFUSED', address: '127.0.0.1', port: 3128 }, network);
    expect(atProxy).toMatchObject({
      code: 'proxy_error',
      message: 'The proxy http://••••:••••@127.0.0.1:3128/ refused the connection (for https://tenant.example.com).',
    });
    expect(atProxy.hint).toContain('NO_PROXY=tenant.example.com');
    expect(fail({ message: 'Proxy response (403) !== 200 when HTTP Tunneling', code: 'UND_ERR_ABORTED' }, network).message).toContain(
      'answered HTTP 403 to the CONNECT request',
    );
    expect(fail({ code: 'ECONNREFUSED', address: '10.0.0.1', port: 443 }, network).code).toBe('connection_refused');
    expect(fail({ code: 'ECONNREFUSED', address: '127.0.0.1', port: 3128 }).code).toBe('connection_refused');
  });
});
