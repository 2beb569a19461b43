/**
 * The tenant file's `scenarios` (scenarios.ts, docs/emulator.md "Scenario identities"): each
 * `{match, answer}`, with `provider_code` and `provider_message` for `sms_provider_error` only.
 */
import { array, at, integer, nonEmptyString, object, oneOf, onlyKeys, optional, required, SchemaError } from './schema.ts';
import { SCENARIO_ANSWERS, type Scenario } from './tenant.ts';

function checkScenario(path: string, value: unknown): Scenario {
  const raw = object(path, value);
  onlyKeys(path, raw, ['match', 'answer', 'provider_code', 'provider_message']);
  const scenario: Scenario = {
    match: required(raw, 'match', path, nonEmptyString),
    answer: required(raw, 'answer', path, (p, v) => oneOf(p, v, SCENARIO_ANSWERS)),
  };
  const code = optional(raw, 'provider_code', path, (p, v) => integer(p, v, 1, Number.MAX_SAFE_INTEGER));
  const message = optional(raw, 'provider_message', path, nonEmptyString);
  if ((code !== undefined || message !== undefined) && scenario.answer !== 'sms_provider_error') {
    throw new SchemaError(at(path, code !== undefined ? 'provider_code' : 'provider_message'), 'is for answer sms_provider_error only');
  }
  if (code !== undefined) scenario.provider_code = code;
  if (message !== undefined) scenario.provider_message = message;
  return scenario;
}

export function checkScenarios(path: string, value: unknown): Scenario[] {
  return array(path, value).map((item, index) => checkScenario(at(path, index), item));
}
