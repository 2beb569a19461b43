import { describe, expect, it } from 'vitest';
import { expectedIssuer, processDiscoveryResponse } from '../../../src/core/discovery.ts';
import { VerificationError } from '../../../src/core/errors.ts';

const answer = (body: unknown) => ({ status: 200, headers: { 'content-type': 'application/json' }, text: JSON.stringify(body) });
const doc = (issuer: string) => answer({ issuer, jwks_uri: 'https://tenant.auth0.com/.well-known/jwks.json' });

describe('processDiscoveryResponse: the issuer must be the tenant asked (RFC 8414 §3.3)', () => {
  it('writes the expected issuer as Auth0 does, with its trailing slash', () => {
    expect(expectedIssuer(new URL('https://tenant.auth0.com'))).toBe('https://tenant.auth0.com/');
    expect(expectedIssuer(new URL('http://127.0.0.1:4010'))).toBe('http://127.0.0.1:4010/');
  });

  it('accepts the exact issuer', () => {
    expect(processDiscoveryResponse('https://tenant.auth0.com/', doc('https://tenant.auth0.com/')).issuer).toBe('https://tenant.auth0.com/');
  });

  // openid-client's rule (discovery(): new URL(issuer).href against the URL given): the same issuer after URL normalisation.
  // The document's own spelling is kept: the ID token's iss must equal it exactly.
  it.each([
    ['https://tenant.auth0.com/', 'https://tenant.auth0.com'],
    ['https://tenant.auth0.com/', 'https://TENANT.auth0.com/'],
    ['https://tenant.auth0.com/', 'https://tenant.auth0.com:443'],
    ['http://127.0.0.1:4010/', 'http://127.0.0.1:4010'],
  ])("accepts %s named %s, and keeps the document's spelling", (asked, issuer) => {
    expect(processDiscoveryResponse(asked, doc(issuer)).issuer).toBe(issuer);
  });

  it.each([
    'https://evil.example.com/',
    'http://tenant.auth0.com/',
    'https://tenant.auth0.com:8443/',
    'https://tenant.auth0.com/x',
    'https://TENANT.auth0.com/x/',
    'tenant.auth0.com',
  ])('refuses %s with exit-8 issuer_mismatch, naming both', (issuer) => {
    let error: unknown;
    try {
      processDiscoveryResponse('https://tenant.auth0.com/', doc(issuer));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(VerificationError);
    expect(error).toMatchObject({
      code: 'issuer_mismatch',
      message: `The discovery document names the issuer ${JSON.stringify(issuer)}, not "https://tenant.auth0.com/", the tenant that was asked.`,
    });
  });
});

describe('processDiscoveryResponse: a jwks_uri that cannot be used is the server failing (exit 4)', () => {
  it.each(['keys', 'http://evil.example.com/jwks.json', 'ftp://tenant.auth0.com/jwks'])('%s', (jwksUri) => {
    let error: unknown;
    try {
      processDiscoveryResponse('https://tenant.auth0.com/', answer({ issuer: 'https://tenant.auth0.com/', jwks_uri: jwksUri }));
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      family: 'network',
      code: 'invalid_response',
      message: `The discovery document's "jwks_uri" (${JSON.stringify(jwksUri)}) is not an https URL (http only on loopback).`,
    });
  });

  it('accepts http on loopback, for the emulator', () => {
    expect(
      processDiscoveryResponse('http://127.0.0.1:4010/', answer({ issuer: 'http://127.0.0.1:4010/', jwks_uri: 'http://127.0.0.1:4010/.well-known/jwks.json' }))
        .jwks_uri,
    ).toBe('http://127.0.0.1:4010/.well-known/jwks.json');
  });
});
