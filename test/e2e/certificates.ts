/**
 * Throwaway certificates for the TLS tests, made with the `openssl` CLI in a temp dir: a test CA,
 * and server certificates for 127.0.0.1 that are signed by it, self-signed, expired (`openssl ca`
 * is the one 3.0 command that takes explicit dates) or issued for another host name.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KeyPair {
  cert: string;
  key: string;
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

export function makeCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'pwless-certs-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore', timeout: 20_000 });
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
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    LOOPBACK,
    '-days',
    '1',
    '-keyout',
    selfSigned.key,
    '-out',
    selfSigned.cert,
  );
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
  return { dir, ca, signed, selfSigned, expired, otherHost, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
