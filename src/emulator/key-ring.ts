/**
 * The signing keys: the current one signs, the previous one (after a rotation) is still served in
 * the JWKS and still verifies, until the next rotation drops it. This is how a tenant's key
 * rotation looks to clients that cache the JWKS (docs/emulator.md, "Control API").
 */
import { generateSigningKey, type PublicJwk, type SigningKey } from './keys.ts';

export class KeyRing {
  #current: SigningKey;
  #previous: SigningKey | undefined;
  #rotating: Promise<unknown> = Promise.resolve();

  constructor(current: SigningKey, previous?: SigningKey) {
    this.#current = current;
    this.#previous = previous;
  }

  get current(): SigningKey {
    return this.#current;
  }

  get previous(): SigningKey | undefined {
    return this.#previous;
  }

  /** The JWKS `keys`: the current key first. */
  publicJwks(): PublicJwk[] {
    return [this.#current, this.#previous].filter((key) => key !== undefined).map((key) => key.publicJwk);
  }

  /** The key with this `kid`, current or previous. */
  find(kid: string | undefined): SigningKey | undefined {
    return [this.#current, this.#previous].find((key) => key !== undefined && key.kid === kid);
  }

  /** Makes a new current key; the old current becomes the previous one. Rotations run one at a time. */
  rotate(): Promise<SigningKey> {
    const next = this.#rotating.then(async () => {
      const fresh = await generateSigningKey();
      this.#previous = this.#current;
      this.#current = fresh;
      return fresh;
    });
    this.#rotating = next.catch(() => undefined);
    return next;
  }
}
