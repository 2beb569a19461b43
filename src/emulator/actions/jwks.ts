/**
 * GET /.well-known/jwks.json (RFC 7517 §5): the public half of the signing key, so clients verify
 * id_tokens as against Auth0 (docs/auth0-behaviour.md, B-IDT-1).
 */
import type { Handler } from '../context.ts';
import { json } from '../respond.ts';

/** The current key first; after a rotation the previous key too, until the next rotation. */
export const jwks: Handler = async (_req, emu) => json(200, { keys: emu.keys.publicJwks() });
