/** The -v/--verbose HTTP trace: every exchange on stderr, secrets redacted (design.md §3). */
import type { ChalkInstance } from 'chalk';
import type { TraceSink } from '../core/http.ts';
import { redactBody, redactHeader, redactUrl } from './redact.ts';

const SHOWN_RESPONSE_HEADERS = ['content-type', 'cache-control', 'location', 'retry-after', 'www-authenticate'];

export function traceTo(write: (line: string) => void, color: ChalkInstance): TraceSink {
  return {
    request({ method, url, headers, body }) {
      write(color.dim(`> ${method} ${redactUrl(url)}`));
      for (const [name, value] of Object.entries(headers)) write(color.dim(`> ${name}: ${redactHeader(name, value)}`));
      if (body !== undefined) write(color.dim(`> ${redactBody(body, headers['content-type'])}`));
    },
    response({ status, headers, text, ms }) {
      write(color.dim(`< ${status} (${ms} ms)`));
      for (const [name, value] of Object.entries(headers)) {
        if (SHOWN_RESPONSE_HEADERS.includes(name) || name.startsWith('x-ratelimit-')) write(color.dim(`< ${name}: ${redactHeader(name, value)}`));
      }
      if (text !== '') write(color.dim(`< ${redactBody(text, headers['content-type'])}`));
    },
    failure(_req, error, ms) {
      write(color.dim(`< no response: ${error.code} (${ms} ms)`));
    },
  };
}

/** One sink that hands each event to several (-v and --trace-file together); none given: undefined. */
export function fanOut(...sinks: (TraceSink | undefined)[]): TraceSink | undefined {
  const present = sinks.filter((s): s is TraceSink => s !== undefined);
  if (present.length <= 1) return present[0];
  return {
    request: (req) => {
      for (const s of present) s.request(req);
    },
    response: (res) => {
      for (const s of present) s.response(res);
    },
    failure: (req, error, ms) => {
      for (const s of present) s.failure?.(req, error, ms);
    },
  };
}
