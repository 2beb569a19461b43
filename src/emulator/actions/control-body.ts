/**
 * What the control API's handlers share: the body of a control request (a JSON object, or
 * nothing at all for `POST /__emulator/reset`), and the REST answer of a refused control
 * operation (control-operations.ts). Errors are 400 `invalid_request`, like the other control answers.
 */
import type { HandlerRequest } from '../context.ts';
import { EmulatorControlError, type ControlErrorCode } from '../control-operations.ts';
import { invalidRequest, OAuthError } from '../errors.ts';
import { readBody, readJsonBody } from '../http-body.ts';
import type { Json } from '../schema.ts';

export async function readControlBody(req: HandlerRequest, allowEmpty = false): Promise<Json> {
  if (allowEmpty && (await readBody(req.raw)).length === 0) return {};
  return readJsonBody(req.raw, invalidRequest);
}

/** The parsed JSON value of a body that may also be an array (`POST /__emulator/faults`). */
export async function readControlJson(req: HandlerRequest): Promise<unknown> {
  const type = (req.raw.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw invalidRequest('Content-Type must be application/json.');
  const text = (await readBody(req.raw)).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw invalidRequest(`The request body is not valid JSON (${(err as Error).message.slice(0, 80)}).`);
  }
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
