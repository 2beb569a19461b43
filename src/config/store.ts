/**
 * The config store: one JSON file (mode 0600, in a 0700 directory), checked against the schema
 * (schema-check.ts) on every read and before every write, and written through conf atomically
 * (temp file + rename). Reading never loads conf: conf imports Ajv and compiled its schema at
 * every `new Conf()`, most of a `profile list` (issue 16); the one Conf instance a store needs is
 * made, without a schema, on its first write. Updates take a lock so two processes never lose
 * each other's changes. A file that is not valid JSON or breaks the schema is reported with its
 * path and never rewritten.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, PwlessError } from '../core/errors.ts';
import { withLock } from './lock.ts';
import { CONFIG_FILE } from './paths.ts';
import type { Profile } from './profile.ts';
import { looseModesWarning } from './file-modes.ts';
import { configViolation } from './schema-check.ts';

export interface ConfigData {
  schemaVersion?: 1;
  defaultProfile?: string;
  profiles?: Record<string, Profile>;
  /** Logins waiting for their code (`start --no-wait`), keyed by pendingKey(). */
  pending?: Record<string, Record<string, unknown>>;
  /** The last token set per profile (or per domain + client id). */
  tokens?: Record<string, Record<string, unknown>>;
  /** One-time notices already shown, e.g. the plaintext-secret warning. */
  notices?: Record<string, boolean>;
}

interface ConfInstance {
  store: Record<string, unknown>;
}

export interface StoreOptions {
  /** Where a warning about the file goes (the context's warn): modes that let other users at it, found on read. */
  warn?: ((line: string) => void) | undefined;
}

/** The maps keyed by a name from the file or the command line: read as objects without a prototype, so that no name finds an inherited member. */
const NAMED_MAPS = ['profiles', 'pending', 'tokens', 'notices'] as const;

export class ConfigStore {
  readonly dir: string;
  readonly file: string;
  private confInstance: Promise<ConfInstance> | undefined;
  private readonly warn: ((line: string) => void) | undefined;
  private modesChecked = false;

  constructor(dir: string, options: StoreOptions = {}) {
    this.dir = dir;
    this.file = join(dir, CONFIG_FILE);
    this.warn = options.warn;
  }

  exists(): boolean {
    return existsSync(this.file);
  }

  /**
   * The current data, checked against the schema; an absent file reads as empty. Never loads conf.
   * The first read of a run warns when other users can get at the file (file-modes.ts); a write fixes the modes itself.
   */
  async read(): Promise<ConfigData> {
    const data = this.readFile();
    if (!this.modesChecked && this.warn !== undefined && this.exists()) {
      this.modesChecked = true;
      const warning = looseModesWarning(this.file, this.dir);
      if (warning !== undefined) this.warn(warning);
    }
    return data;
  }

  /** Reads the freshest data under the lock, lets `change` edit it, and writes it back. */
  async update<T>(change: (data: ConfigData) => T | Promise<T>): Promise<T> {
    this.ensureDir();
    // conf loads (and reads the file) before the lock is taken: the lock is held for the read, the change and the write only.
    const confReady = this.conf();
    confReady.catch(() => undefined); // awaited under the lock; a lock never taken must not leave it unhandled
    return withLock(`${this.file}.lock`, async () => {
      const data = this.readFile();
      const result = await change(data);
      data.schemaVersion = 1;
      const conf = await confReady;
      try {
        const violation = configViolation(data);
        if (violation !== undefined) throw new Error(violation);
        conf.store = data as Record<string, unknown>;
      } catch (error) {
        throw this.translate(error, 'write');
      }
      return result;
    }).catch((error: unknown) => {
      // A refusal by `change` (a usage error, say) is its own; only foreign errors are the file's.
      throw error instanceof PwlessError ? error : this.translate(error, 'write');
    });
  }

  private ensureDir(): void {
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      // A directory that already existed keeps its mode unless it lets others in.
      if ((statSync(this.dir).mode & 0o077) !== 0) chmodSync(this.dir, 0o700);
    } catch (error) {
      throw this.translate(error, 'write');
    }
  }

  /**
   * The file's data as conf reads it (what is not a JSON object reads as empty), checked against
   * the schema; an absent file reads as empty.
   */
  private readFile(): ConfigData {
    if (!this.exists()) return {};
    try {
      const parsed: unknown = JSON.parse(readFileSync(this.file, 'utf8'));
      const data = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : {};
      const violation = configViolation(data);
      if (violation !== undefined) throw new Error(violation);
      const config = data as Record<string, unknown>;
      for (const key of NAMED_MAPS) if (config[key] !== undefined) config[key] = Object.assign(Object.create(null), config[key]);
      return config as ConfigData;
    } catch (error) {
      throw this.translate(error, 'read');
    }
  }

  /** The store's one Conf instance, made on the first write (conf and Ajv load only then); no schema. */
  private conf(): Promise<ConfInstance> {
    this.confInstance ??= import('conf').then(({ default: Conf }) => {
      try {
        return new Conf({
          projectName: 'pwless',
          projectSuffix: '',
          cwd: this.dir,
          configName: CONFIG_FILE.replace(/\.json$/, ''),
          configFileMode: 0o600,
          clearInvalidConfig: false,
        }) as unknown as ConfInstance;
      } catch (error) {
        this.confInstance = undefined; // the next write tries again
        throw this.translate(error, 'read');
      }
    });
    return this.confInstance;
  }

  /**
   * Why the file is not JSON, as a position (line and column) only: V8's messages for some faults
   * quote the file's text, which may hold a secret. Undefined when it parses.
   */
  private syntaxError(): string | undefined {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return undefined;
    }
    const fault = (candidate: string): string | undefined => {
      try {
        JSON.parse(candidate);
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    };
    const message = fault(text);
    if (message === undefined) return undefined;
    if (text.trim() === '') return 'the file is empty';
    const stated = /at position (\d+)(?!\d)/.exec(message)?.[1];
    // Without a stated position the fault is the first character whose prefix fails with more than "unexpected end".
    const position = stated !== undefined ? Number(stated) : firstBadCharacter(text, fault);
    const before = text.slice(0, position).split('\n');
    const what = /end of JSON input|Unterminated/i.test(message) ? 'it ends too early' : 'unexpected character';
    return `${what} at line ${before.length} column ${(before.at(-1)?.length ?? 0) + 1}`;
  }

  private translate(error: unknown, doing: 'read' | 'write'): ConfigError {
    if (error instanceof ConfigError) return error;
    const err = error as NodeJS.ErrnoException;
    if (err.code !== undefined && /^E[A-Z]+$/.test(err.code)) {
      return new ConfigError(`Cannot ${doing} the config in ${this.dir}: ${err.code} (${err.message}).`, {
        code: doing === 'read' ? 'config_unreadable' : 'config_unwritable',
        hint: 'Check the directory and its permissions, or choose another with --config-dir / PWLESS_CONFIG_DIR.',
        cause: error,
      });
    }
    const syntax = this.syntaxError();
    if (syntax !== undefined) {
      return new ConfigError(`The config file ${this.file} is not valid JSON: ${syntax}.`, {
        code: 'invalid_config',
        hint: 'Fix the file or move it away; pwless has left it exactly as it was.',
        cause: error,
      });
    }
    // conf names the file itself in some messages: the file is named once, here.
    const problem = (err.message ?? String(error))
      .replace(/^Config schema violation: /, 'schema violation: ')
      .replace(/^The config file at .*? is invalid:?\s*/i, '');
    return new ConfigError(`The config file ${this.file} is invalid: ${problem}`, {
      code: 'invalid_config',
      hint: 'Fix the file or move it away; pwless has left it exactly as it was.',
      cause: error,
    });
  }
}

/** The offset of the first character after which no JSON text can continue (binary search on prefixes). */
function firstBadCharacter(text: string, fault: (candidate: string) => string | undefined): number {
  let good = 0;
  let bad = text.length;
  while (bad - good > 1) {
    const mid = Math.floor((good + bad) / 2);
    const message = fault(text.slice(0, mid));
    if (message !== undefined && /^Unexpected token/.test(message)) bad = mid;
    else good = mid;
  }
  return good;
}
