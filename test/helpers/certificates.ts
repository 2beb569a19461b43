/**
 * Throwaway certificates for the TLS tests, unit and e2e, made with the `openssl` CLI in a temp dir
 * below the test run's root (test/helpers/temp-dir.ts); `remove()` deletes it, for an afterAll.
 * One recipe for the self-signed certificate of 127.0.0.1 (what `pwless emulator --tls-cert`
 * serves in docs/emulator.md "HTTPS"), and a test CA with server certificates that are signed by
 * it, expired (`openssl ca` is the one 3.0 command that takes explicit dates) or issued for
 * another host name.
 *
 *   const tls = selfSignedCertificate();        // paths now, so it.each tables can name them
 *   beforeAll(() => tls.create());               // openssl runs here
 *   afterAll(() => tls.remove());
 */
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp-dir.ts';

export interface KeyPair {
  cert: string;
  key: string;
}

export interface SelfSignedCertificate extends KeyPair {
  dir: string;
  /** Runs openssl: a 2048-bit RSA key and a one-day certificate for IP 127.0.0.1. */
  create(): void;
  remove(): void;
}

export interface TestCertificates {
  dir: string;
  ca: KeyPair;
  /** Signed by the CA, for IP 127.0.0.1. */
  signed: KeyPair;
  selfSigned: KeyPair;
  /** Signed by the CA, valid only in January 2020. */
  expired: KeyPair;
  /** Signed by the CA, for DNS elsewhere.example only. */
  otherHost: KeyPair;
  remove(): void;
}

const LOOPBACK = 'subjectAltName=IP:127.0.0.1';

type OpenSsl = (...args: string[]) => void;

function opensslIn(dir: string): OpenSsl {
  return (...args) => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'ignore', timeout: 20_000 });
  };
}

function removeDir(dir: string): () => void {
  return () => rmSync(dir, { recursive: true, force: true });
}

function issueSelfSigned(openssl: OpenSsl, pair: KeyPair): void {
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-addext', LOOPBACK, '-days', '1', '-keyout', pair.key, '-out', pair.cert);
}

/** A self-signed certificate for 127.0.0.1: `cert.pem` and `key.pem` in a fresh dir, made by `create()`. */
export function selfSignedCertificate(): SelfSignedCertificate {
  const dir = tempDir('pwless-cert-');
  const pair = { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') };
  return { dir, ...pair, create: () => issueSelfSigned(opensslIn(dir), pair), remove: removeDir(dir) };
}

/** A test CA and server certificates of every kind the TLS error tests need, made at once. */
export function makeCertificates(): TestCertificates {
  const dir = tempDir('pwless-certs-');
  const openssl = opensslIn(dir);
  const pair = (name: string): KeyPair => ({ cert: join(dir, `${name}.pem`), key: join(dir, `${name}.key`) });
  const ca = pair('ca');
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=pwless test CA', '-days', '1', '-keyout', ca.key, '-out', ca.cert);
  const issue = (name: string, san: string): KeyPair => {
    const p = pair(name);
    openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      '/CN=pwless test server',
      '-addext',
      san,
      '-addext',
      'basicConstraints=critical,CA:FALSE',
      '-CA',
      ca.cert,
      '-CAkey',
      ca.key,
      '-days',
      '1',
      '-keyout',
      p.key,
      '-out',
      p.cert,
    );
    return p;
  };
  const signed = issue('signed', LOOPBACK);
  const otherHost = issue('other-host', 'subjectAltName=DNS:elsewhere.example');
  const selfSigned = pair('self-signed');
  issueSelfSigned(openssl, selfSigned);
  const expired = pair('expired');
  writeFileSync(
    join(dir, 'ca.cnf'),
    '[ca]\ndefault_ca = d\n[d]\ndatabase = index.txt\nnew_certs_dir = .\nserial = serial\ndefault_md = sha256\npolicy = p\ncopy_extensions = copy\n[p]\ncommonName = supplied\n',
  );
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '01\n');
  openssl(
    'req',
    '-new',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=pwless expired server',
    '-addext',
    LOOPBACK,
    '-keyout',
    expired.key,
    '-out',
    join(dir, 'expired.csr'),
  );
  openssl(
    'ca',
    '-batch',
    '-config',
    'ca.cnf',
    '-cert',
    ca.cert,
    '-keyfile',
    ca.key,
    '-in',
    'expired.csr',
    '-out',
    expired.cert,
    '-startdate',
    '20200101000000Z',
    '-enddate',
    '20200102000000Z',
    '-notext',
  );
  return { dir, ca, signed, selfSigned, expired, otherHost, remove: removeDir(dir) };
}
