/**
 * What the control API's handlers share: the body of a control request (a JSON object, or
 * nothing at all for `POST /__emulator/reset`), and the REST answer of a refused control
 * operation (control-operations.ts). Errors are 400 `invalid_request`, like the other control answers;
 * a body nested more than MAX_JSON_DEPTH levels is one of them (json-depth.ts).
 */
import type { HandlerRequest } from '../context.ts';
import { EmulatorControlError, type ControlErrorCode } from '../control-operations.ts';
import { invalidRequest, OAuthError } from '../errors.ts';
import { readBody, readJsonBody } from '../http-body.ts';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../json-depth.ts';
import type { Json } from '../schema.ts';

export async function readControlBody(req: HandlerRequest, allowEmpty = false): Promise<Json> {
  if (allowEmpty && (await readBody(req.raw)).length === 0) return {};
  return notTooDeep(await readJsonBody(req.raw, invalidRequest));
}

/** Refuses a body nested deeper than MAX_JSON_DEPTH (json-depth.ts says why), before any handler sees it. */
function notTooDeep<T>(value: T): T {
  if (nestsDeeperThan(value, MAX_JSON_DEPTH)) throw invalidRequest(`The request body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep.`);
  return value;
}

/** The parsed JSON value of a body that may also be an array (`POST /__emulator/faults`). */
export async function readControlJson(req: HandlerRequest): Promise<unknown> {
  const type = (req.raw.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw invalidRequest('Content-Type must be application/json.');
  const text = (await readBody(req.raw)).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw invalidRequest(`The request body is not valid JSON (${(err as Error).message.slice(0, 80)}).`);
  }
  return notTooDeep(value);
}

const STATUS: Record<ControlErrorCode, number> = { invalid_request: 400, no_message: 404, temporarily_unavailable: 503 };

/** Runs a control operation; its refusal becomes the OAuth error answer with the same code and text. */
export async function controlCall<T>(operation: () => T | Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (err) {
    if (err instanceof EmulatorControlError) throw new OAuthError(STATUS[err.code], err.code, err.message);
    throw err;
  }
}
