/**
 * The body of a control API request: a JSON object, or nothing at all (`POST /__emulator/reset`
 * with no body). Errors are 400 `invalid_request`, like the other control answers.
 */
import type { HandlerRequest } from '../context.ts';
import { invalidRequest } from '../errors.ts';
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
