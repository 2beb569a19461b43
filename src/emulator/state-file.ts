/**
 * `--state-file <file>`: keeps what requests created across restarts (docs/emulator.md,
 * "State file": opt-in persistence; in memory by default for hermetic CI). The file holds codes (with
 * what their magic link carried, and the used and superseded ones a stale link is told apart by),
 * authorization codes, users, outbox messages, refresh tokens, the signing keys (so tokens from
 * before a restart still verify) and the positions of seeded random streams (so a restart does not
 * repeat ids). Rate-limit buckets, brute-force counts, faults and the clock are not kept.
 *
 * `retired_otps` and `authorization_codes` came with magic links and are optional, so a file
 * written before them still loads (STATE_VERSION stays 1); so is `refresh_tokens[].issued_at`, which
 * came with the tokens' lifetime (a token from an older file counts as issued when it is loaded).
 *
 * It is written atomically (a temporary file, then rename), mode 0600 as it holds a private key,
 * shortly after each request that may change state, and on close. The temporary file is created
 * 0600 and exclusively (`O_CREAT | O_EXCL`), so the key never lands in a file someone else made or
 * linked there, and the temporaries a killed run left (`<file>.<pid>.tmp`) are removed at start.
 * A file that cannot be read or does not have this shape is an EmulatorConfigError with
 * `option: 'stateFile'` (CLI exit 3).
 */
import { createPrivateKey } from 'node:crypto';
import { access, constants, open, readdir, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { SavedAuthCode } from './auth-codes.ts';
import { EmulatorConfigError } from './errors.ts';
import type { SavedOtp, SavedRetiredOtp } from './otp-store.ts';
import type { OutboxMessage } from './outbox.ts';
import type { DrbgState } from './random.ts';
import type { StoredRefreshGrant } from './refresh-tokens.ts';
import { array, at, boolean, integer, nonEmptyString, object, oneOf, optional, required, SchemaError, string, type Json } from './schema.ts';
import type { User } from './users.ts';

export const STATE_VERSION = 1;

export interface SavedState {
  pwless_emulator_state: number;
  saved_at: string;
  /** PKCS#8 PEM: the current key, then the previous one. */
  keys: string[];
  otps: SavedOtp[];
  retired_otps?: SavedRetiredOtp[];
  authorization_codes?: SavedAuthCode[];
  users: User[];
  outbox: OutboxMessage[];
  /** `issued_at` came with the tokens' lifetime: a file from before has none (the load time stands in). */
  refresh_tokens: (Omit<StoredRefreshGrant, 'issued_at'> & { token: string; issued_at?: number })[];
  random?: Record<string, DrbgState>;
}

const time = (p: string, v: unknown): number => integer(p, v, 0, 8.64e15);
const hex = (p: string, v: unknown): string => {
  if (!/^[0-9a-f]{64}$/.test(string(p, v))) throw new SchemaError(p, 'must be 64 hex digits');
  return v as string;
};

/** Checks each item of a list with `check` (which returns it typed). */
function list<T>(raw: Json, key: string, check: (path: string, item: Json) => T): T[] {
  return required(raw, key, '', (p, v) => array(p, v).map((item, i) => check(at(p, i), object(at(p, i), item))));
}

/** The same, for a list that older files do not have. */
function optionalList<T>(raw: Json, key: string, check: (path: string, item: Json) => T): T[] | undefined {
  return Object.hasOwn(raw, key) ? list(raw, key, check) : undefined;
}

/** An object whose values are all strings (a magic link's binding). */
function stringMap(path: string, value: unknown): Record<string, string> {
  const raw = object(path, value);
  for (const [key, item] of Object.entries(raw)) string(at(path, key), item);
  return { ...(raw as Record<string, string>) };
}

/** The rendered From, Subject and body of a message sent with a template (outbox.ts); absent otherwise. */
function renderedFields(m: Json, p: string): Pick<OutboxMessage, 'from' | 'subject' | 'body'> {
  const fields: Pick<OutboxMessage, 'from' | 'subject' | 'body'> = {};
  for (const key of ['from', 'subject', 'body'] as const) {
    const value = optional(m, key, p, string);
    if (value !== undefined) fields[key] = value;
  }
  return fields;
}

function authorizationCode(p: string, c: Json): SavedAuthCode {
  const code: SavedAuthCode = {
    code: required(c, 'code', p, nonEmptyString),
    client_id: required(c, 'client_id', p, string),
    redirect_uri: required(c, 'redirect_uri', p, string),
    user_id: required(c, 'user_id', p, string),
    scope: required(c, 'scope', p, string),
    expires_at: required(c, 'expires_at', p, time),
    used: required(c, 'used', p, boolean),
  };
  for (const key of ['audience', 'nonce', 'code_challenge', 'code_challenge_method'] as const) {
    const value = optional(c, key, p, string);
    if (value !== undefined) code[key] = value;
  }
  return code;
}

function checkState(value: unknown): SavedState {
  const raw = object('', value);
  required(raw, 'pwless_emulator_state', '', (p, v) => integer(p, v, STATE_VERSION, STATE_VERSION));
  const keys = required(raw, 'keys', '', (p, v) => array(p, v).map((item, i) => string(at(p, i), item)));
  const strategy = (p: string, v: unknown) => oneOf(p, v, ['email', 'sms'] as const);
  const state: SavedState = {
    pwless_emulator_state: STATE_VERSION,
    saved_at: optional(raw, 'saved_at', '', string) ?? '',
    keys,
    otps: list(raw, 'otps', (p, o) => ({
      connection: required(o, 'connection', p, string),
      identity: required(o, 'identity', p, string),
      code: required(o, 'code', p, string),
      expires_at: required(o, 'expires_at', p, time),
      failures: required(o, 'failures', p, (q, v) => integer(q, v, 0, 1000)),
      ...(Object.hasOwn(o, 'link') ? { link: required(o, 'link', p, stringMap) } : {}),
    })),
    users: list(raw, 'users', (p, u) => ({
      user_id: required(u, 'user_id', p, nonEmptyString),
      connection: required(u, 'connection', p, string),
      strategy: required(u, 'strategy', p, strategy),
      identity: required(u, 'identity', p, string),
      created_at: required(u, 'created_at', p, time),
      updated_at: required(u, 'updated_at', p, time),
    })),
    outbox: list(raw, 'outbox', (p, m) => ({
      id: required(m, 'id', p, string),
      channel: required(m, 'channel', p, strategy),
      to: required(m, 'to', p, string),
      send: required(m, 'send', p, (q, v) => oneOf(q, v, ['code', 'link'] as const)),
      code: required(m, 'code', p, string),
      link: m.link === null ? null : required(m, 'link', p, string),
      created_at: required(m, 'created_at', p, time),
      expires_at: required(m, 'expires_at', p, time),
      ...renderedFields(m, p),
    })),
    refresh_tokens: list(raw, 'refresh_tokens', (p, r) => ({
      token: required(r, 'token', p, nonEmptyString),
      client_id: required(r, 'client_id', p, string),
      user_id: required(r, 'user_id', p, string),
      scope: required(r, 'scope', p, string),
      audience: optional(r, 'audience', p, string),
      ...(Object.hasOwn(r, 'issued_at') ? { issued_at: required(r, 'issued_at', p, time) } : {}),
    })),
  };
  const random = optional(raw, 'random', '', (p, v) => {
    const streams = object(p, v);
    return Object.fromEntries(
      Object.entries(streams).map(([name, s]) => {
        const stream = object(at(p, name), s);
        return [name, { key: required(stream, 'key', at(p, name), hex), value: required(stream, 'value', at(p, name), hex) }];
      }),
    );
  });
  if (random !== undefined) state.random = random;
  const retired = optionalList(raw, 'retired_otps', (p, r) => ({
    connection: required(r, 'connection', p, string),
    identity: required(r, 'identity', p, string),
    code: required(r, 'code', p, string),
    reason: required(r, 'reason', p, (q, v) => oneOf(q, v, ['used', 'superseded'] as const)),
  }));
  if (retired !== undefined) state.retired_otps = retired;
  const codes = optionalList(raw, 'authorization_codes', authorizationCode);
  if (codes !== undefined) state.authorization_codes = codes;
  keys.forEach((pem, index) => {
    try {
      createPrivateKey(pem);
    } catch {
      throw new SchemaError(at('keys', index), 'is not a PEM private key');
    }
  });
  return state;
}

function stateError(path: string, problem: string, cause?: unknown): EmulatorConfigError {
  return new EmulatorConfigError('stateFile', `State file ${path}: ${problem}`, { cause, file: path });
}

/** The saved state, or undefined when the file does not exist yet (the first run). */
export async function loadState(path: string): Promise<SavedState | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw stateError(path, `cannot read it (${code ?? (err as Error).message}).`, err);
  }
  try {
    return checkState(JSON.parse(text));
  } catch (err) {
    if (err instanceof SchemaError) throw stateError(path, `${err.message}. Delete the file to start afresh.`, err);
    throw stateError(path, `not valid JSON (${(err as Error).message}). Delete the file to start afresh.`, err);
  }
}

/** Fails at start, not at the first save, when the file's directory cannot be written. */
export async function ensureWritable(path: string): Promise<void> {
  try {
    await access(dirname(path), constants.W_OK);
  } catch (err) {
    throw stateError(path, `its directory cannot be written (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`, err);
  }
}

/** The temporary file of one process's writes: `<file>.<pid>.tmp`, next to the file, so the rename stays on one file system. */
function temporaryOf(path: string): string {
  return `${path}.${process.pid}.tmp`;
}

/**
 * Removes the temporary files a run killed mid-write left next to the state file (`<file>.<pid>.tmp`,
 * each a whole state, private key included), and says which. Two emulators must not share a state
 * file (each would overwrite the other's), so none of these can be another live run's.
 */
export async function removeLeftoverTemporaries(path: string): Promise<string[]> {
  const prefix = `${basename(path)}.`;
  const leftover = (name: string) => name.startsWith(prefix) && /^\d+\.tmp$/.test(name.slice(prefix.length));
  let names: string[];
  try {
    names = await readdir(dirname(path));
  } catch {
    return []; // ensureWritable() names an unusable directory
  }
  const removed: string[] = [];
  for (const name of names.filter(leftover)) {
    try {
      await unlink(join(dirname(path), name));
      removed.push(join(dirname(path), name));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        throw stateError(path, `cannot remove the leftover temporary file ${name} (${(err as NodeJS.ErrnoException).code}).`, err);
    }
  }
  return removed;
}

/**
 * Creates `temporary` for writing, mode 0600 from its first byte, and only as a new file: `wx` is
 * `O_CREAT | O_EXCL`, which never opens what is already there, a symbolic link included (POSIX
 * open(): "If O_EXCL and O_CREAT are set, and path names a symbolic link, open() shall fail and set
 * errno to [EEXIST]"). A file already there (a leftover of an earlier run with this pid, or one
 * planted with a looser mode or as a link) is removed and the file created anew, never reused.
 */
export async function openTemporary(temporary: string): Promise<FileHandle> {
  try {
    return await open(temporary, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    await unlink(temporary);
    return open(temporary, 'wx', 0o600);
  }
}

/** Writes snapshots to the file: soon after schedule(), at once on flush(), one write at a time. */
export class StateWriter {
  readonly #path: string;
  readonly #snapshot: () => SavedState;
  readonly #report: (line: string) => void;
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();
  #failed = false;

  constructor(path: string, snapshot: () => SavedState, report: (line: string) => void) {
    this.#path = path;
    this.#snapshot = snapshot;
    this.#report = report;
  }

  /** Writes within 100 ms; requests in a burst share one write. */
  schedule(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => void this.flush(), 100);
    this.#timer.unref();
  }

  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#writing = this.#writing.then(() => this.#write());
    return this.#writing;
  }

  async #write(): Promise<void> {
    const temporary = temporaryOf(this.#path);
    let handle: FileHandle | undefined;
    try {
      const text = `${JSON.stringify(this.#snapshot(), null, 1)}\n`;
      handle = await openTemporary(temporary);
      await handle.writeFile(text);
      // On disk before the rename, so a crash of the machine leaves the old file or the new one, never an empty one.
      await handle.datasync();
      await handle.close();
      handle = undefined;
      await rename(temporary, this.#path);
      this.#failed = false;
    } catch (err) {
      await handle?.close().catch(() => {});
      await unlink(temporary).catch(() => {}); // a failed write leaves no copy of the key behind
      // Reported once per run of failures: a full disk must not flood the log or stop requests.
      if (!this.#failed) this.#report(`[error] cannot write the state file ${this.#path}: ${(err as Error).message}`);
      this.#failed = true;
    }
  }
}
