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
  };
}
