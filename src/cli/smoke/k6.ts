/**
 * `--export k6 <file>`: the smoke flow as a k6 script (https://grafana.com/docs/k6/), for load
 * tests that pwless does not run itself: POST /passwordless/start, get the code, POST /oauth/token
 * with the passwordless OTP grant, each checked. Getting the code is the one step k6 cannot do in
 * general: for the emulator the script reads its outbox; for a real tenant, `getCode` is a
 * placeholder to fill in with the mail catcher's or SMS sink's API. No secret is written into the
 * script: the client secret is read from the PWLESS_CLIENT_SECRET environment variable at run time.
 */
import { PASSWORDLESS_OTP_GRANT } from '../../core/token-endpoint.ts';
import type { SmokePlan } from './plan.ts';

export function k6Script(plan: SmokePlan, emulator: boolean): string {
  const js = (value: unknown) => JSON.stringify(value);
  const identityField = plan.identitySpec.channel === 'email' ? 'email' : 'phone_number';
  const connection = plan.connection ?? plan.identitySpec.channel;
  const confidential = plan.clientSecret !== undefined;
  return `// k6 load test of a passwordless login, written by \`pwless smoke --export k6\`.
// Run: k6 run ${confidential ? '-e PWLESS_CLIENT_SECRET=… ' : ''}this-file.js   (https://grafana.com/docs/k6/)
// Each iteration logs in its own identity (the template's {n} is the iteration number).
// Mind the tenant's rate limits: https://auth0.com/docs/troubleshoot/customer-support/operational-policies/rate-limit-policy
import http from 'k6/http';
import exec from 'k6/execution';
import { check, fail } from 'k6';

export const options = { vus: ${plan.concurrency}, iterations: ${plan.repeat} };

const BASE = __ENV.PWLESS_DOMAIN || ${js(plan.base.origin)};
const CLIENT_ID = ${js(plan.clientId)};
const CLIENT_SECRET = ${confidential ? '__ENV.PWLESS_CLIENT_SECRET' : 'undefined'};
const CONNECTION = ${js(connection)};
const SCOPE = ${js(plan.scope)};
const AUDIENCE = ${js(plan.audience ?? null)};
const TEMPLATE = ${js(plan.identitySpec.template)};

function identity(n) {
  return TEMPLATE.replace(/\\{n(?::(\\d+))?\\}/g, (_all, width) => String(n).padStart(width ? Number(width) : 0, '0'));
}

${emulator ? emulatorGetCode() : placeholderGetCode()}

export default function () {
  const who = identity(exec.scenario.iterationInTest + 1);
  const since = Date.now();
  const startBody = { client_id: CLIENT_ID, connection: CONNECTION, ${identityField}: who, send: 'code' };
  if (CLIENT_SECRET) startBody.client_secret = CLIENT_SECRET;
  const start = http.post(\`\${BASE}/passwordless/start\`, JSON.stringify(startBody), { headers: { 'content-type': 'application/json' }, tags: { step: 'start' } });
  if (!check(start, { 'start: 200': (r) => r.status === 200 })) fail(\`start: HTTP \${start.status} \${start.body}\`);

  const code = getCode(who, since);

  const form = { grant_type: ${js(PASSWORDLESS_OTP_GRANT)}, client_id: CLIENT_ID, realm: CONNECTION, username: who, otp: code, scope: SCOPE };
  if (AUDIENCE) form.audience = AUDIENCE;
  if (CLIENT_SECRET) form.client_secret = CLIENT_SECRET;
  const token = http.post(\`\${BASE}/oauth/token\`, form, { tags: { step: 'token' } });
  check(token, {
    'token: 200': (r) => r.status === 200,
    'token: access_token': (r) => r.status === 200 && typeof r.json('access_token') === 'string',
  });
}
`;
}

function emulatorGetCode(): string {
  return `// The code, from the pwless emulator's outbox (docs/emulator.md, "Control API").
function getCode(who, since) {
  const res = http.get(\`\${BASE}/__emulator/outbox/wait?to=\${encodeURIComponent(who)}&since=\${since}&timeout_ms=10000\`, { tags: { step: 'code' } });
  if (!check(res, { 'code: delivered': (r) => r.status === 200 })) fail(\`no message to \${who}: HTTP \${res.status}\`);
  return res.json('messages.0.code');
}`;
}

function placeholderGetCode(): string {
  return `// PLACEHOLDER: the code step. k6 cannot read a mailbox by itself: fetch the newest message to
// \`who\` sent after \`since\` (epoch ms) from your mail catcher's or SMS sink's HTTP API, and return
// the code in it. Until this is filled in, every iteration fails here, on purpose.
function getCode(who, since) {
  fail(\`getCode is a placeholder: read the code sent to \${who} after \${since} from your mail catcher\`);
}`;
}
