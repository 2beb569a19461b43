/**
 * translateNetworkError (src/core/http.ts), table by table: each kind of failure it maps (timeouts,
 * refused connections, DNS, TLS, aborted and broken exchanges, proxies) becomes one NetworkError
 * with its code, a message naming the host (or the proxy, its credentials masked) and a hint. The
 * inputs are built as undici and Node make them: undici's own error classes, Node's system errors
 * (`code`, `syscall`, `address`, `port`, `hostname`), and the `TypeError('fetch failed', { cause })`
 * wrapping, whose code is the cause's. test/unit/core/network.test.ts has the TLS codes by name and
 * the proxy-or-target decision; this file pins whole messages and hints. No network is used.
 */
import { errors as undiciErrors } from 'undici';
import { describe, expect, it } from 'vitest';
import { NetworkError } from '../../../src/core/errors.ts';
import { translateNetworkError } from '../../../src/core/http.ts';
import { networkSettings } from '../../../src/core/network-settings.ts';

const TENANT = new URL('https://tenant.example.com');
const TIMEOUT_MS = 5000;

/** A Node system error as libuv reports it, e.g. `connect ECONNREFUSED 127.0.0.1:4010`. */
function systemError(code: string, syscall: 'connect' | 'read' | 'getaddrinfo', where: { address?: string; port?: number; hostname?: string }): Error {
  const target = where.hostname ?? `${where.address}:${where.port}`;
  return Object.assign(new Error(`${syscall} ${code} ${target}`), { errno: -1, code, syscall, ...where });
}

/** A TLS verification failure as Node's tls module reports it: OpenSSL's reason as the message, its name as `code`. */
function tlsError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** How fetch (undici's, Node's global) wraps a failure: the code sits on the cause. */
function fetchFailed(cause: Error): TypeError {
  return new TypeError('fetch failed', { cause });
}

function translate(error: unknown, url = TENANT, env: NodeJS.ProcessEnv = {}): NetworkError {
  return translateNetworkError(error, url, TIMEOUT_MS, networkSettings(env));
}

interface Expected {
  code: string;
  message: string;
  hint: string | undefined;
}

function expectTranslation(failure: NetworkError, cause: unknown, expected: Expected): void {
  expect(failure).toBeInstanceOf(NetworkError);
  expect(failure.family).toBe('network');
  expect({ code: failure.code, message: failure.message, hint: failure.hint }).toEqual(expected);
  expect(failure.cause).toBe(cause);
}

describe('translateNetworkError without a proxy', () => {
  const timeoutHint = 'Check that the domain is right and reachable, or raise --timeout <seconds>.';
  const refusedHint = 'Is the server (or `pwless emulator`) running on that host and port?';
  const dnsHint = 'Check --domain: a tenant domain looks like tenant.auth0.com or tenant.eu.auth0.com.';
  const timeout = { code: 'timeout', message: 'No answer from tenant.example.com within 5 s.', hint: timeoutHint };
  const dns = { code: 'dns', message: 'The host name tenant.example.com could not be resolved.', hint: dnsHint };
  const expired = {
    code: 'tls_expired',
    message: 'The TLS certificate of tenant.example.com is expired (CERT_HAS_EXPIRED).',
    hint: "The server must renew its certificate; also check this machine's clock. Only for a test server: --insecure skips the check (and warns).",
  };

  const cases: Array<[string, () => unknown, URL, Expected]> = [
    ['the overall deadline (AbortSignal.timeout)', () => new DOMException('The operation was aborted due to timeout', 'TimeoutError'), TENANT, timeout],
    ['undici: no connection in time', () => new undiciErrors.ConnectTimeoutError(), TENANT, timeout],
    ['undici: no headers in time', () => new undiciErrors.HeadersTimeoutError(), TENANT, timeout],
    ['undici: the body stalls', () => new undiciErrors.BodyTimeoutError(), TENANT, timeout],
    [
      'connection refused, the port in the message',
      () => systemError('ECONNREFUSED', 'connect', { address: '127.0.0.1', port: 4010 }),
      new URL('http://127.0.0.1:4010'),
      { code: 'connection_refused', message: '127.0.0.1:4010 refused the connection.', hint: refusedHint },
    ],
    [
      'connection refused, wrapped by fetch',
      () => fetchFailed(systemError('ECONNREFUSED', 'connect', { address: '93.184.215.14', port: 443 })),
      TENANT,
      { code: 'connection_refused', message: 'tenant.example.com refused the connection.', hint: refusedHint },
    ],
    ['DNS: no such host', () => systemError('ENOTFOUND', 'getaddrinfo', { hostname: 'tenant.example.com' }), TENANT, dns],
    [
      'DNS: resolver unavailable, wrapped by fetch',
      () => fetchFailed(systemError('EAI_AGAIN', 'getaddrinfo', { hostname: 'tenant.example.com' })),
      TENANT,
      dns,
    ],
    ['TLS: an expired certificate', () => tlsError('CERT_HAS_EXPIRED', 'certificate has expired'), TENANT, expired],
    ['TLS: an expired certificate, wrapped by fetch', () => fetchFailed(tlsError('CERT_HAS_EXPIRED', 'certificate has expired')), TENANT, expired],
    [
      'TLS: a certificate not valid yet',
      () => tlsError('CERT_NOT_YET_VALID', 'certificate is not yet valid'),
      TENANT,
      { ...expired, message: 'The TLS certificate of tenant.example.com is not valid yet (CERT_NOT_YET_VALID).' },
    ],
    [
      'TLS: self-signed, on a non-default port',
      () => tlsError('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'),
      new URL('https://127.0.0.1:4443'),
      {
        code: 'tls_self_signed',
        message: 'The TLS certificate of 127.0.0.1:4443 is self-signed (DEPTH_ZERO_SELF_SIGNED_CERT): no trusted CA vouches for it.',
        hint: 'Trust it with --ca-file <cert.pem> (the self-signed certificate, or the root of its chain); --insecure skips the check altogether, for tests only.',
      },
    ],
    [
      'TLS: an issuer pwless does not know',
      () => tlsError('UNABLE_TO_GET_ISSUER_CERT', 'unable to get issuer certificate'),
      TENANT,
      {
        code: 'tls_unknown_ca',
        message: 'The TLS certificate of tenant.example.com is signed by a CA pwless does not know (UNABLE_TO_GET_ISSUER_CERT).',
        hint: 'If the server uses a private CA, give its certificate with --ca-file <ca.pem> (or PWLESS_CA_FILE); it is added to the default roots. If the CA is public, the server may be missing its intermediate certificate.',
      },
    ],
    [
      'TLS: a certificate for another host (Node checks the name)',
      () =>
        Object.assign(
          tlsError(
            'ERR_TLS_CERT_ALTNAME_INVALID',
            "Hostname/IP does not match certificate's altnames: Host: tenant.example.com. is not in the cert's altnames: DNS:elsewhere.example",
          ),
          { reason: "Host: tenant.example.com. is not in the cert's altnames: DNS:elsewhere.example", host: 'tenant.example.com' },
        ),
      TENANT,
      {
        code: 'tls_host_mismatch',
        message: 'The TLS certificate of tenant.example.com is for another host name (ERR_TLS_CERT_ALTNAME_INVALID).',
        hint: 'Check --domain: use the name the certificate was issued for (openssl s_client -connect tenant.example.com shows it).',
      },
    ],
    [
      'TLS: an http server on the https port',
      () => fetchFailed(tlsError('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number')),
      TENANT,
      {
        code: 'tls',
        message: 'The TLS connection to tenant.example.com failed (ERR_SSL_WRONG_VERSION_NUMBER).',
        hint: 'If the server uses a private CA, give its certificate with --ca-file <ca.pem> (or PWLESS_CA_FILE); it is added to the default roots.',
      },
    ],
    [
      'undici aborted the request',
      () => new undiciErrors.RequestAbortedError(),
      TENANT,
      { code: 'network_error', message: 'The request to tenant.example.com failed: Request aborted (UND_ERR_ABORTED).', hint: undefined },
    ],
    [
      'the server closed the socket mid-answer',
      () => new undiciErrors.SocketError('other side closed'),
      TENANT,
      { code: 'network_error', message: 'The request to tenant.example.com failed: other side closed (UND_ERR_SOCKET).', hint: undefined },
    ],
    [
      'the connection was reset',
      () => systemError('ECONNRESET', 'read', { address: '93.184.215.14', port: 443 }),
      TENANT,
      { code: 'network_error', message: 'The request to tenant.example.com failed: read ECONNRESET 93.184.215.14:443 (ECONNRESET).', hint: undefined },
    ],
    [
      'something that is not an Error',
      () => 'boom',
      TENANT,
      { code: 'network_error', message: 'The request to tenant.example.com failed: boom.', hint: undefined },
    ],
  ];

  it.each(cases)('%s', (_kind, make, url, expected) => {
    const error = make();
    expectTranslation(translate(error, url), error, expected);
  });

  it('states the timeout it was given, in seconds', () => {
    const error = new undiciErrors.HeadersTimeoutError();
    expect(translateNetworkError(error, TENANT, 1500, networkSettings({})).message).toBe('No answer from tenant.example.com within 1.5 s.');
  });
});

describe('translateNetworkError through a proxy', () => {
  const HTTPS_PROXY = 'http://alice:s3cret@proxy.corp:3128';
  const shown = 'http://••••:••••@proxy.corp:3128/';
  const httpsHint = 'Check the proxy in HTTPS_PROXY / https_proxy (or HTTP_PROXY), or bypass it for this host with NO_PROXY=tenant.example.com.';
  const atProxy = (how: string, proxy = shown, target = 'https://tenant.example.com') => `The proxy ${proxy} ${how} (for ${target}).`;

  const cases: Array<[string, () => unknown, URL, NodeJS.ProcessEnv, Expected]> = [
    [
      'a CONNECT answered 407',
      () => new undiciErrors.RequestAbortedError('Proxy response (407) !== 200 when HTTP Tunneling'),
      TENANT,
      { HTTPS_PROXY },
      { code: 'proxy_error', message: atProxy('answered HTTP 407 (Proxy Authentication Required) to the CONNECT request'), hint: httpsHint },
    ],
    [
      'a forwarded http:// request answered 407',
      () => new undiciErrors.InvalidArgumentError('Proxy Authentication Required (407)'),
      new URL('http://tenant.example.com'),
      { HTTP_PROXY: HTTPS_PROXY },
      {
        code: 'proxy_error',
        message: atProxy('answered HTTP 407 (Proxy Authentication Required)', shown, 'http://tenant.example.com'),
        hint: 'Check the proxy in HTTP_PROXY / http_proxy, or bypass it for this host with NO_PROXY=tenant.example.com.',
      },
    ],
    [
      'an https:// proxy whose own certificate fails',
      () => new undiciErrors.SecureProxyConnectionError(tlsError('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames")),
      TENANT,
      { HTTPS_PROXY: 'https://alice:s3cret@proxy.corp:3129' },
      {
        code: 'proxy_error',
        message: atProxy('failed its TLS handshake (ERR_TLS_CERT_ALTNAME_INVALID)', 'https://••••:••••@proxy.corp:3129/'),
        hint: httpsHint,
      },
    ],
    [
      'a proxy that drops the connection before the tunnel is open',
      () => new undiciErrors.ProxyConnectionError(new undiciErrors.SocketError('other side closed')),
      TENANT,
      { HTTPS_PROXY },
      { code: 'proxy_error', message: atProxy('closed the connection before the tunnel was open'), hint: httpsHint },
    ],
    [
      "the proxy's own host name does not resolve",
      () => systemError('ENOTFOUND', 'getaddrinfo', { hostname: 'proxy.corp' }),
      TENANT,
      { HTTPS_PROXY },
      { code: 'proxy_error', message: atProxy('could not be resolved (ENOTFOUND)'), hint: httpsHint },
    ],
    [
      'the proxy port unreachable at its resolved address',
      () => systemError('EHOSTUNREACH', 'connect', { address: '10.1.2.3', port: 3128 }),
      TENANT,
      { HTTPS_PROXY },
      { code: 'proxy_error', message: atProxy('could not be reached (EHOSTUNREACH)'), hint: httpsHint },
    ],
    [
      'an IPv6 proxy refusing the connection',
      () => systemError('ECONNREFUSED', 'connect', { address: '::1', port: 3128 }),
      TENANT,
      { HTTPS_PROXY: 'http://[::1]:3128' },
      { code: 'proxy_error', message: atProxy('refused the connection', 'http://[::1]:3128/'), hint: httpsHint },
    ],
    [
      'the target itself not resolving (NO_PROXY bypass) is not blamed on the proxy',
      () => systemError('ENOTFOUND', 'getaddrinfo', { hostname: 'tenant.example.com' }),
      TENANT,
      { HTTPS_PROXY, NO_PROXY: 'tenant.example.com' },
      {
        code: 'dns',
        message: 'The host name tenant.example.com could not be resolved.',
        hint: 'Check --domain: a tenant domain looks like tenant.auth0.com or tenant.eu.auth0.com.',
      },
    ],
    [
      'a timeout names the proxy in its hint, masked',
      () => new undiciErrors.ConnectTimeoutError(),
      TENANT,
      { HTTPS_PROXY },
      {
        code: 'timeout',
        message: 'No answer from tenant.example.com within 5 s.',
        hint: `Check that the domain is right and reachable and that the proxy ${shown} forwards to it, or raise --timeout <seconds>.`,
      },
    ],
    [
      "a proxy URL that does not parse: socket errors are the target's",
      () => systemError('ECONNREFUSED', 'connect', { address: '93.184.215.14', port: 443 }),
      TENANT,
      { HTTPS_PROXY: 'http://proxy corp:3128' },
      {
        code: 'connection_refused',
        message: 'tenant.example.com refused the connection.',
        hint: 'Is the server (or `pwless emulator`) running on that host and port?',
      },
    ],
  ];

  it.each(cases)('%s', (_kind, make, url, env, expected) => {
    const error = make();
    expectTranslation(translate(error, url, env), error, expected);
  });

  it('never shows the proxy credentials, in the message or the hint', () => {
    for (const [, make, url, env] of cases) {
      const failure = translate(make(), url, env);
      expect(`${failure.message} ${failure.hint}`).not.toMatch(/alice|s3cret/);
    }
  });
});
