// Property tests of crafted tokens (issue 22, item 5): whatever a JWT's payload holds — claims
// nested thousands deep, times no Date can hold, numbers that overflow to Infinity, any text —
// decoding returns or throws a UsageError, and every view of it (token decode, the saved set, the
// checks of token verify), human or --json, is built without throwing anything else.
import { Chalk } from 'chalk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/errors.ts';
import { verifyIdToken } from '../../../src/core/jwt.ts';
import { decodeToken } from '../../../src/core/jwt-decode.ts';
import { decodeJson, decodeLines } from '../../../src/render/token-decode.ts';
import { tokenSetJson, tokenSetLines } from '../../../src/render/token-set.ts';
import { anyText, onlyTyped, RUNS } from './hostile.ts';

const NOW = Date.UTC(2026, 10, 26, 8, 0, 0);
const b64 = (text: string) => Buffer.from(text).toString('base64url');
const HEADER = b64('{"alg":"RS256","kid":"k"}');
const plain = new Chalk({ level: 0 });

/** A number as JSON text, including the ones that are no date (1e20) and the ones that overflow a double (1e400). */
const numberText = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
  fc.constantFrom('1e20', '-1e20', '8.64e12', '8640000000001', '1e308', '1e400', '-1e999', '0', '-0', '1.5'),
);
/** Any JSON value as text, wrapped in up to 6,000 arrays: past the 64 levels pwless reads, and past the stack of JSON.stringify. */
const deepText = fc
  .tuple(fc.jsonValue({ maxDepth: 2 }), fc.oneof(fc.nat({ max: 70 }), fc.integer({ min: 4000, max: 6000 })))
  .map(([value, depth]) => `${'['.repeat(depth)}${JSON.stringify(value)}${']'.repeat(depth)}`);
const claimText = fc.oneof(
  numberText,
  deepText,
  anyText.map((s) => JSON.stringify(s)),
);
const TIME_CLAIMS = ['exp', 'iat', 'nbf', 'auth_time', 'updated_at'];
const payloadText = fc.oneof(
  fc
    .dictionary(fc.constantFrom(...TIME_CLAIMS, 'sub', 'aud', 'name', 'iss'), claimText, { maxKeys: 6 })
    .map((claims) => `{${Object.entries(claims).map(([name, value]) => `${JSON.stringify(name)}:${value}`)}}`),
  deepText,
  anyText,
);
const token = payloadText.map((payload) => `${HEADER}.${b64(payload)}.c2ln`);

/** Builds every view of the token; throws whatever the views throw. */
async function everyView(jwt: string): Promise<void> {
  const decoded = decodeToken(jwt);
  const view = { jwt: decoded, what: 'JWT given as the argument', now: NOW };
  decodeLines(view, plain);
  JSON.stringify(decodeJson(view));
  const exp = decoded.claims.exp;
  const set = {
    obtained_at: new Date(NOW).toISOString(),
    domain: 'https://tenant.example.com',
    client_id: 'c',
    tokens: { access_token: jwt, id_token: jwt, token_type: 'Bearer', expires_in: 60 },
  };
  const savedView = { key: 'k', set, accessExp: typeof exp === 'number' && Math.abs(exp) <= 8.64e12 ? exp : NOW / 1000 + 60, showTokens: false, now: NOW };
  tokenSetLines(savedView, plain);
  JSON.stringify(tokenSetJson(savedView));
  const verified = await verifyIdToken(jwt, {
    jwks: { keys: [] },
    jwksUri: 'https://tenant.example.com/jwks',
    issuer: 'i',
    clientId: 'c',
    maxAgeSeconds: 60,
    now: NOW,
  });
  JSON.stringify(verified);
}

describe('crafted tokens', () => {
  it('any payload: decoding returns or throws a UsageError, and no view of it throws', async () => {
    await fc.assert(
      fc.asyncProperty(token, async (jwt) => {
        try {
          await everyView(jwt);
        } catch (error) {
          return onlyTyped(() => {
            throw error;
          }, [UsageError]);
        }
        return true;
      }),
      { numRuns: RUNS },
    );
  });

  it('a time claim no Date can hold fails its check, named, and is still shown', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('exp', 'iat', 'nbf'), fc.constantFrom(1e20, -1e20, 8.64e12 + 1, Number.MAX_VALUE), async (name, value) => {
        const jwt = `${HEADER}.${b64(JSON.stringify({ sub: 's', exp: NOW / 1000 + 60, iat: NOW / 1000, [name]: value }))}.c2ln`;
        const verified = await verifyIdToken(jwt, { jwks: { keys: [] }, jwksUri: 'u', issuer: 'i', clientId: 'c', now: NOW });
        expect(verified.checks.find((c) => c.name === name)).toMatchObject({ ok: false, found: expect.stringContaining('the range of dates') });
        expect(decodeLines({ jwt: decodeToken(jwt), what: 'JWT', now: NOW }, plain).join('\n')).toContain(`${name}`);
        return true;
      }),
      { numRuns: 20 },
    );
  });
});
