/**
 * A failed TLS handshake explained by kind, each with the fix that fits it: OpenSSL's verify
 * errors (https://docs.openssl.org/3.0/man1/openssl-verify/#diagnostics) as Node reports them in
 * `error.code` (https://nodejs.org/api/tls.html), and Node's own host-name check
 * (ERR_TLS_CERT_ALTNAME_INVALID, RFC 6125 §6). Anything else TLS-ish keeps the code `tls`.
 */

export interface TlsExplanation {
  code: 'tls_self_signed' | 'tls_unknown_ca' | 'tls_expired' | 'tls_host_mismatch' | 'tls';
  message: string;
  hint: string;
}

const PRIVATE_CA_HINT = 'If the server uses a private CA, give its certificate with --ca-file <ca.pem> (or PWLESS_CA_FILE); it is added to the default roots.';

export function explainTlsError(code: string, url: URL): TlsExplanation | undefined {
  const host = url.host;
  switch (code) {
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return {
        code: 'tls_self_signed',
        message: `The TLS certificate of ${host} is self-signed (${code}): no trusted CA vouches for it.`,
        hint: `Trust it with --ca-file <cert.pem> (the self-signed certificate, or the root of its chain); --insecure skips the check altogether, for tests only.`,
      };
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'UNABLE_TO_GET_ISSUER_CERT':
      return {
        code: 'tls_unknown_ca',
        message: `The TLS certificate of ${host} is signed by a CA pwless does not know (${code}).`,
        hint: `${PRIVATE_CA_HINT} If the CA is public, the server may be missing its intermediate certificate.`,
      };
    case 'CERT_HAS_EXPIRED':
    case 'CERT_NOT_YET_VALID':
      return {
        code: 'tls_expired',
        message: `The TLS certificate of ${host} is ${code === 'CERT_HAS_EXPIRED' ? 'expired' : 'not valid yet'} (${code}).`,
        hint: "The server must renew its certificate; also check this machine's clock. Only for a test server: --insecure skips the check (and warns).",
      };
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return {
        code: 'tls_host_mismatch',
        message: `The TLS certificate of ${host} is for another host name (${code}).`,
        hint: `Check --domain: use the name the certificate was issued for (openssl s_client -connect ${host} shows it).`,
      };
  }
  if (/CERT|SSL|TLS|SELF_SIGNED/.test(code)) {
    return { code: 'tls', message: `The TLS connection to ${host} failed (${code}).`, hint: PRIVATE_CA_HINT };
  }
  return undefined;
}
