/**
 * A loopback port with nothing listening on it: bound to port 0, then released. For a server that
 * takes a port number and not 0 (MailDev), or for a refused connection (an unreachable catcher or
 * gateway). Another process could take it in between; on a test machine that is rare enough.
 */
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}
