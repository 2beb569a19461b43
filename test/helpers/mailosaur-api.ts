/**
 * A test double of Mailosaur's messages API, written from its public API reference
 * (https://mailosaur.com/docs/api): HTTP Basic with the API key as user name (401 with an empty
 * body otherwise); `POST /api/messages/search?server=&receivedAfter=&page=&itemsPerPage=` with a
 * `{sentTo}` body, answering `{items: [summary]}` newest first; `GET /api/messages/{id}` with
 * `text` and `html` as `{body, links: [{href}], codes: [{value}]}`. Email and SMS alike.
 */
import { startJsonApi, type JsonApiServer } from './json-api-server.ts';

export interface MailosaurMessage {
  id: string;
  server: string;
  type: 'Email' | 'SMS';
  /** An email address, or a phone number for an SMS. */
  to: string;
  received: Date;
  text?: { body: string; codes?: string[]; links?: string[] };
  html?: { body: string; codes?: string[]; links?: string[] };
}

export interface MailosaurDouble extends JsonApiServer {
  messages: MailosaurMessage[];
}

export async function startMailosaurDouble(apiKey: string): Promise<MailosaurDouble> {
  const messages: MailosaurMessage[] = [];
  const expected = `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}`;
  const address = (m: MailosaurMessage) => (m.type === 'SMS' ? { name: '', phone: m.to } : { name: '', email: m.to });
  const content = (part: MailosaurMessage['text']) =>
    part === undefined
      ? undefined
      : { body: part.body, codes: (part.codes ?? []).map((value) => ({ value })), links: (part.links ?? []).map((href) => ({ href, text: href })) };
  const server = await startJsonApi((req) => {
    if (req.headers.authorization !== expected) return { status: 401, headers: { 'www-authenticate': 'Bearer' } };
    if (req.method === 'POST' && req.url.pathname === '/api/messages/search') {
      const serverId = req.url.searchParams.get('server');
      if (!serverId) return { status: 400, json: { type: 'ValidationError', messages: { server: 'required' } } };
      const after = Date.parse(req.url.searchParams.get('receivedAfter') ?? '') || 0;
      const sentTo = (JSON.parse(req.body || '{}') as { sentTo?: string }).sentTo?.toLowerCase();
      const items = messages
        .filter((m) => m.server === serverId && m.received.getTime() > after && (sentTo === undefined || m.to.toLowerCase() === sentTo))
        .sort((a, b) => b.received.getTime() - a.received.getTime())
        .map((m) => ({ id: m.id, type: m.type, to: [address(m)], from: [], received: m.received.toISOString(), subject: 'Your code', summary: '' }));
      return { status: 200, json: { items } };
    }
    const one = /^\/api\/messages\/([^/]+)$/.exec(req.url.pathname);
    if (req.method === 'GET' && one) {
      const m = messages.find((candidate) => candidate.id === decodeURIComponent(one[1] as string));
      if (m === undefined) return { status: 404 };
      return {
        status: 200,
        json: { id: m.id, type: m.type, to: [address(m)], received: m.received.toISOString(), server: m.server, text: content(m.text), html: content(m.html) },
      };
    }
    return { status: 404 };
  });
  return Object.assign(server, { messages });
}
