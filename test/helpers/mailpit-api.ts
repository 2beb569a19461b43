/**
 * A test double of Mailpit's REST API, written from its public API document
 * (https://mailpit.axllent.org/docs/api-v1/): `GET /api/v1/search?query=` with the `to:` and
 * `after:` terms (400 without a query), newest first, with `messages` summaries (`ID`, `Created`,
 * `To`, `Subject`, `Snippet`); `GET /api/v1/message/{ID}` with `Text` and `HTML` (404 for an unknown ID).
 * With `password`, every request needs that HTTP Basic pair (Mailpit's --ui-auth-file).
 */
import { startJsonApi, type JsonApiServer } from './json-api-server.ts';

export interface MailpitMessage {
  ID: string;
  to: string;
  created: Date;
  subject?: string;
  text?: string;
  html?: string;
}

export interface MailpitDouble extends JsonApiServer {
  messages: MailpitMessage[];
}

export async function startMailpitDouble(options: { user?: string; password?: string } = {}): Promise<MailpitDouble> {
  const messages: MailpitMessage[] = [];
  const expected = options.password === undefined ? undefined : `Basic ${Buffer.from(`${options.user}:${options.password}`).toString('base64')}`;
  const server = await startJsonApi((req) => {
    if (expected !== undefined && req.headers.authorization !== expected) return { status: 401, headers: { 'www-authenticate': 'Basic realm="Login"' } };
    if (req.method === 'GET' && req.url.pathname === '/api/v1/search') {
      const query = req.url.searchParams.get('query');
      if (!query) return { status: 400, json: { Error: 'no search query' } };
      const to = /to:"?([^"\s]+)"?/.exec(query)?.[1]?.toLowerCase();
      const after = /after:"?([^"\s]+)"?/.exec(query)?.[1];
      const afterMs = after === undefined ? 0 : Date.parse(after);
      const limit = Number(req.url.searchParams.get('limit') ?? 50);
      const found = messages
        .filter((m) => (to === undefined || m.to.toLowerCase().includes(to)) && m.created.getTime() >= afterMs)
        .sort((a, b) => b.created.getTime() - a.created.getTime())
        .slice(0, limit);
      return {
        status: 200,
        json: {
          total: messages.length,
          messages_count: found.length,
          start: 0,
          messages: found.map((m) => ({
            ID: m.ID,
            MessageID: `${m.ID}@mailpit`,
            Read: false,
            From: { Name: 'Tenant', Address: 'no-reply@tenant.test' },
            To: [{ Name: '', Address: m.to }],
            Subject: m.subject ?? 'Your code',
            Created: m.created.toISOString(),
            Snippet: (m.text ?? '').slice(0, 50),
          })),
        },
      };
    }
    const one = /^\/api\/v1\/message\/([^/]+)$/.exec(req.url.pathname);
    if (req.method === 'GET' && one) {
      const message = messages.find((m) => m.ID === decodeURIComponent(one[1] as string));
      if (message === undefined) return { status: 404, json: { Error: 'message not found' } };
      return {
        status: 200,
        json: {
          ID: message.ID,
          To: [{ Name: '', Address: message.to }],
          Subject: message.subject ?? 'Your code',
          Date: message.created.toISOString(),
          Text: message.text ?? '',
          HTML: message.html ?? '',
        },
      };
    }
    return { status: 404, json: { Error: 'not found' } };
  });
  return Object.assign(server, { messages });
}
