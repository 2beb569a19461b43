/**
 * The emulator's outbox read as a test of a browser app reads it, over its control API
 * (`GET /__emulator/outbox?to=`, docs/emulator.md "Control API"): over HTTP, or over HTTPS
 * trusting the test certificate (`ca`, test/helpers/certificates.ts).
 */
import { readFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';

export interface OutboxMessage {
  to: string;
  send: 'code' | 'link';
  code: string;
  link: string | null;
}

/** The messages to `to`, newest first. */
export function outboxMessages(emulatorUrl: string, to: string, ca?: string): Promise<OutboxMessage[]> {
  const url = `${emulatorUrl}/__emulator/outbox?to=${encodeURIComponent(to)}`;
  return new Promise((resolve, reject) => {
    const request = (url.startsWith('https:') ? httpsGet : httpGet)(url, ca === undefined ? {} : { ca: readFileSync(ca) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { messages: OutboxMessage[] }).messages));
    });
    request.on('error', reject);
  });
}
