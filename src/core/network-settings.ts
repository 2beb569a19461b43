/**
 * The network settings of one run, as plain data: the proxy variables (HTTPS_PROXY, HTTP_PROXY,
 * NO_PROXY, lower case first as curl and undici read them), the extra CA certificates of
 * --ca-file / PWLESS_CA_FILE, and --insecure. Made once by the CLI context; src/core/dispatcher.ts
 * turns them into one undici dispatcher the first time a request is sent. This file imports no
 * undici, so `pwless --help` stays fast (bench/startup.js). See docs/network.md.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from './errors.ts';

export interface NetworkSettings {
  /** The proxy for http:// URLs ('' when none). */
  httpProxy: string;
  /** The proxy for https:// URLs ('' when none: then the http one, as undici's EnvHttpProxyAgent does). */
  httpsProxy: string;
  /** Hosts reached without a proxy, comma or space separated (`*`, `.example.com`, `host:port`). */
  noProxy: string;
  /** PEM certificates trusted on top of Node's default roots (never instead of them). */
  readonly extraCa: string[];
  /** Skip TLS certificate verification (--insecure): the CLI warns on every use. */
  insecure: boolean;
}

export interface NetworkInput {
  /** --ca-file, or PWLESS_CA_FILE; `source` names which one, for the error message. */
  caFile?: { path: string; source: string } | undefined;
  insecure?: boolean | undefined;
}

/**
 * The CA file is read when the first request needs it, so that a command that sends nothing
 * (profile list) does not fail on it, and a bad file is a UsageError of that request.
 */
export function networkSettings(env: NodeJS.ProcessEnv, input: NetworkInput = {}): NetworkSettings {
  let extraCa: string[] | undefined;
  return {
    // An empty variable counts as unset, so `http_proxy=` does not hide HTTP_PROXY.
    httpProxy: env.http_proxy || env.HTTP_PROXY || '',
    httpsProxy: env.https_proxy || env.HTTPS_PROXY || '',
    noProxy: env.no_proxy || env.NO_PROXY || '',
    get extraCa() {
      extraCa ??= input.caFile ? readCaFile(input.caFile.path, input.caFile.source) : [];
      return extraCa;
    },
    insecure: input.insecure === true,
  };
}

/** True when the run needs a dispatcher of its own: a proxy, extra CAs, or --insecure. */
export function needsOwnDispatcher(settings: NetworkSettings): boolean {
  return proxyConfigured(settings) || settings.extraCa.length > 0 || settings.insecure;
}

export function proxyConfigured(settings: NetworkSettings): boolean {
  return settings.httpProxy !== '' || settings.httpsProxy !== '';
}

/** The proxy a URL's scheme is sent to, NO_PROXY aside (used to explain failures, not to route). */
export function proxyForScheme(settings: NetworkSettings | undefined, url: URL): string | undefined {
  if (!settings) return undefined;
  const proxy = url.protocol === 'https:' ? settings.httpsProxy || settings.httpProxy : settings.httpProxy;
  return proxy === '' ? undefined : proxy;
}

/** A proxy URL fit to print: user name and password masked. */
export function maskProxyUrl(value: string): string {
  try {
    const url = new URL(value);
    if (!url.username && !url.password) return url.href;
    // Built by hand: the URL setters would percent-encode the mask.
    return `${url.protocol}//••••${url.password ? ':••••' : ''}@${url.host}${url.pathname}${url.search}`;
  } catch {
    return value.replace(/\/\/[^@/]*@/, '//••••@');
  }
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Every certificate of a PEM file, each parsed once so that a broken one is named now, not at the first TLS handshake. */
export function readCaFile(path: string, source: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UsageError(`${source} ${path}: cannot read it (${code}).`, {
      code: 'invalid_ca_file',
      hint: `Give ${source} a readable PEM file of CA certificates (-----BEGIN CERTIFICATE----- blocks).`,
      cause: error,
    });
  }
  const pems = text.match(PEM_CERTIFICATE) ?? [];
  const invalid = (why: string, cause?: unknown) =>
    new UsageError(`${source} ${path}: ${why}.`, {
      code: 'invalid_ca_file',
      hint: `Give ${source} the PEM certificate of the CA that signed the server's certificate (openssl x509 -in ca.pem -noout -subject shows it).`,
      cause,
    });
  if (pems.length === 0) throw invalid('no PEM certificate in it (no -----BEGIN CERTIFICATE----- block)');
  const { X509Certificate } = process.getBuiltinModule('node:crypto');
  pems.forEach((pem, index) => {
    try {
      new X509Certificate(pem);
    } catch (error) {
      throw invalid(`certificate ${index + 1} is not a valid X.509 certificate (${(error as Error).message})`, error);
    }
  });
  return pems;
}
