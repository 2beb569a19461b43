/**
 * HTTPS (`--tls-cert <pem> --tls-key <pem>`): SDKs that build `https://<domain>` URLs, such as the
 * official Auth0 Node SDK, can then talk to the emulator, trusting its certificate through
 * `NODE_EXTRA_CA_CERTS`. The files are read and checked before anything listens.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { EmulatorConfigError } from './errors.ts';

export interface TlsFiles {
  cert: string;
  key: string;
}

async function readPem(option: string, path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new EmulatorConfigError(option, `TLS ${what} ${path}: cannot read it (${code}).`, { cause: err, file: path });
  }
}

export async function loadTls(certFile: string, keyFile: string): Promise<TlsFiles> {
  const cert = await readPem('tlsCert', certFile, 'certificate');
  const key = await readPem('tlsKey', keyFile, 'key');
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch (err) {
    throw new EmulatorConfigError('tlsCert', `TLS certificate ${certFile}: not a PEM certificate (${(err as Error).message}).`, { cause: err, file: certFile });
  }
  try {
    if (!x509.checkPrivateKey(createPrivateKey(key))) {
      throw new EmulatorConfigError('tlsKey', `TLS key ${keyFile}: it is not the private key of ${certFile}.`, { file: keyFile });
    }
  } catch (err) {
    if (err instanceof EmulatorConfigError) throw err;
    throw new EmulatorConfigError('tlsKey', `TLS key ${keyFile}: not a PEM private key (${(err as Error).message}).`, { cause: err, file: keyFile });
  }
  return { cert, key };
}
