/**
 * undici's MockAgent as the global dispatcher for each test of a file, with the network switched
 * off and every interceptor required to be used (https://github.com/nodejs/undici/blob/main/docs/docs/api/MockAgent.md). Also answers global fetch (jose).
 */
import { MockAgent, getGlobalDispatcher, setGlobalDispatcher, type Dispatcher } from 'undici';
import { afterEach, beforeEach } from 'vitest';

export function useMockAgent(): () => MockAgent {
  let agent: MockAgent;
  let previous: Dispatcher;
  beforeEach(() => {
    previous = getGlobalDispatcher();
    agent = new MockAgent();
    agent.disableNetConnect();
    setGlobalDispatcher(agent);
  });
  afterEach(async () => {
    agent.assertNoPendingInterceptors();
    await agent.close();
    setGlobalDispatcher(previous);
  });
  return () => agent;
}
