/**
 * A map keyed by (connection, identity), one inner map per connection. The identity string itself
 * is the inner key, so a stored entry costs no extra key string: a joined `connection\0identity`
 * key is a second copy of the identity per entry, which over 100k logins is megabytes
 * (docs/emulator.md, "Memory").
 */
export class IdentityMap<V> {
  #byConnection = new Map<string, Map<string, V>>();
  #size = 0;

  get size(): number {
    return this.#size;
  }

  get(connection: string, identity: string): V | undefined {
    return this.#byConnection.get(connection)?.get(identity);
  }

  set(connection: string, identity: string, value: V): void {
    let inner = this.#byConnection.get(connection);
    if (inner === undefined) {
      inner = new Map();
      this.#byConnection.set(connection, inner);
    }
    if (!inner.has(identity)) this.#size += 1;
    inner.set(identity, value);
  }

  delete(connection: string, identity: string): boolean {
    const inner = this.#byConnection.get(connection);
    if (inner === undefined || !inner.delete(identity)) return false;
    this.#size -= 1;
    if (inner.size === 0) this.#byConnection.delete(connection);
    return true;
  }

  /** Every entry as [connection, identity, value]; deleting the current entry while iterating is safe. */
  *entries(): Generator<[string, string, V]> {
    for (const [connection, inner] of this.#byConnection) for (const [identity, value] of inner) yield [connection, identity, value];
  }

  clear(): void {
    this.#byConnection.clear();
    this.#size = 0;
  }
}
