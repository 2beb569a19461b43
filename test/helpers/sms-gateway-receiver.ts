/**
 * A test receiver of Auth0's custom SMS gateway contract (docs/auth0-behaviour.md, B-GATEWAY-1,
 * B-GATEWAY-2): a node:http server on 127.0.0.1 that records each POST's JSON body and headers,
 * checks the bearer JWT with jose when it is given a secret (HS256, `sub`, `aud`), and answers the
 * status the test chooses — or never answers (`hang`), to test the emulator's timeout.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import { jwtVerify, type JWTPayload } from 'jose';

export interface GatewayRequest {
  body: any;
  headers: IncomingHttpHeaders;
  /** The verified token's claims, when the receiver has a secret and the token was valid. */
  claims?: JWTPayload;
  /** Why the token was refused, when it was. */
  tokenError?: string;
}

export interface ReceiverOptions {
  /** The key to check the token with; then a request without a valid token gets 401. */
  secret?: Uint8Array;
  subject?: string;
  audience?: string;
}

export interface SmsGatewayReceiver {
  url: string;
  requests: GatewayRequest[];
  /** The status later requests get (200 by default), or 'hang': no answer until stop(). */
  answer: number | 'hang';
  stop(): Promise<void>;
}

export async function startSmsGatewayReceiver(options: ReceiverOptions = {}): Promise<SmsGatewayReceiver> {
  const hanging = new Set<ServerResponse>();
  const receiver: SmsGatewayReceiver = { url: '', requests: [], answer: 200, stop: async () => {} };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const record: GatewayRequest = { body: text === '' ? undefined : JSON.parse(text), headers: req.headers };
    receiver.requests.push(record);
    if (options.secret !== undefined) {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      try {
        if (token === undefined) throw new Error('no bearer token');
        const verified = await jwtVerify(token, options.secret, {
          algorithms: ['HS256'],
          ...(options.subject === undefined ? {} : { subject: options.subject }),
          ...(options.audience === undefined ? {} : { audience: options.audience }),
        });
        record.claims = verified.payload;
      } catch (err) {
        record.tokenError = (err as Error).message;
        res.writeHead(401).end();
        return;
      }
    }
    if (receiver.answer === 'hang') {
      hanging.add(res);
      return;
    }
    res.writeHead(receiver.answer, { 'content-type': 'application/json' }).end('{}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  receiver.url = `http://127.0.0.1:${port}/sms`;
  receiver.stop = async () => {
    for (const res of hanging) res.destroy();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  };
  return receiver;
}
