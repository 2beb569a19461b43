/**
 * --trace-file <path>: every HTTP exchange of the run as a HAR 1.2 file
 * (http://www.softwareishard.com/blog/har-12-spec/), which browsers' devtools, Charles, Fiddler
 * and HAR viewers open. Redacted as src/render/har-redact.ts says. The file is created at once
 * (so a path that cannot be written fails before any request), mode 0600 because it describes
 * logins, and written again, synchronously, at the end of the run: on success, on failure and on
 * Ctrl-C (src/cli/main.ts). An exchange that got no response is an entry with status 0 and an
 * `_error` (HAR allows custom fields that start with an underscore). See docs/network.md.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import type { InterruptedError, NetworkError } from '../core/errors.ts';
import type { TraceRequest, TraceResponse, TraceSink } from '../core/http.ts';
import type { Secrets } from '../core/secrets.ts';
import { VERSION } from '../core/version.ts';
import { harRedactor, type HarRedactor } from './har-redact.ts';
import { edgeDocument } from './output-edge.ts';

export interface HarRecorder extends TraceSink {
  readonly path: string;
  /** The entries so far, as the HAR document. */
  document(): HarLog;
  /** Writes the file (0600); called at the end of the run, whatever its outcome. */
  write(): void;
}

export interface HarLog {
  log: { version: '1.2'; creator: { name: string; version: string }; entries: HarEntry[] };
}

interface NameValue {
  name: string;
  value: string;
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: NameValue[];
    headers: NameValue[];
    queryString: NameValue[];
    postData?: { mimeType: string; text: string };
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: NameValue[];
    headers: NameValue[];
    content: { size: number; mimeType: string; text?: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
    _error?: { code: string; message: string };
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  serverIPAddress?: string;
}

/** A recorder given no registry (a test, a library caller) masks nothing by value. */
const NO_SECRETS = { within: () => [] };

export function harRecorder(path: string, options: { pii: boolean; secrets?: Pick<Secrets, 'within'> | undefined }): HarRecorder {
  const redact = harRedactor(options);
  const entries: HarEntry[] = [];
  const document = (): HarLog => ({ log: { version: '1.2', creator: { name: 'pwless', version: VERSION }, entries } });
  const write = () => {
    // `mode` applies only when the file is created; chmod covers a file that was already there.
    // Through the same last pass as every line pwless writes: the run's secrets masked wherever they stand, no character a terminal would obey.
    writeFileSync(path, `${edgeDocument(JSON.stringify(document(), null, 2), options.secrets ?? NO_SECRETS)}\n`, { mode: 0o600 });
    chmodSync(path, 0o600);
  };
  write();
  return {
    path,
    document,
    write,
    request() {
      // Recorded with its outcome, in response() or failure(): an entry needs both halves.
    },
    response(res: TraceResponse) {
      const contentType = res.headers['content-type'];
      const entry = baseEntry(res.request, res.ms, res.httpVersion, redact);
      entry.response = {
        ...entry.response,
        status: res.status,
        statusText: res.statusText,
        headers: Object.entries(res.headers).map(([name, value]) => ({ name, value: redact.header(name, value) })),
        content: { size: Buffer.byteLength(res.text), mimeType: contentType ?? 'x-unknown', text: redact.body(res.text, contentType) },
        redirectURL: res.headers.location ? redact.url(res.headers.location) : '',
        bodySize: Buffer.byteLength(res.text),
      };
      entry.timings = { send: 0, wait: res.headersMs, receive: Math.max(0, res.ms - res.headersMs) };
      if (res.serverIPAddress) entry.serverIPAddress = res.serverIPAddress;
      entries.push(entry);
    },
    failure(req: TraceRequest, error: NetworkError | InterruptedError, ms: number) {
      const entry = baseEntry(req, ms, '', redact);
      entry.response._error = { code: error.code, message: redact.header('x-error', error.message) };
      entries.push(entry);
    },
  };
}

function baseEntry(req: TraceRequest, ms: number, httpVersion: string, redact: HarRedactor): HarEntry {
  const url = redact.url(req.url);
  const contentType = req.headers['content-type'];
  const host = new URL(req.url).host;
  const headers = { host, ...req.headers };
  return {
    startedDateTime: req.startedAt.toISOString(),
    time: ms,
    request: {
      method: req.method,
      url,
      httpVersion: httpVersion || 'HTTP/1.1',
      cookies: [],
      headers: Object.entries(headers).map(([name, value]) => ({ name, value: redact.header(name, value) })),
      queryString: [...new URL(url).searchParams].map(([name, value]) => ({ name, value })),
      ...(req.body !== undefined ? { postData: { mimeType: contentType ?? 'x-unknown', text: redact.body(req.body, contentType) } } : {}),
      headersSize: -1,
      bodySize: req.body === undefined ? 0 : Buffer.byteLength(req.body),
    },
    response: {
      status: 0,
      statusText: '',
      httpVersion,
      cookies: [],
      headers: [],
      content: { size: 0, mimeType: 'x-unknown' },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { send: 0, wait: ms, receive: 0 },
  };
}
