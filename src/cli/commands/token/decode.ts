/**
 * `pwless token decode [<jwt>|-]`: header and payload of any JWT, nothing verified. Garbage is a
 * usage error (exit 2) that says what is wrong: the number of parts, the first character that is
 * not base64url, or the JSON error (decodeToken in src/core/jwt.ts).
 */
import type { SettingFlags } from '../../../config/resolve.ts';
import { decodeToken } from '../../../core/jwt-decode.ts';
import { decodeJson, decodeLines, type DecodeView } from '../../../render/token-decode.ts';
import type { Context } from '../../context.ts';
import { inputName, readJwtInput } from '../../tokens/jwt-input.ts';
import { outputView, type OutputView } from '../../../render/view.ts';

export async function tokenDecode(jwt: string | undefined, options: SettingFlags, ctx: Context): Promise<OutputView> {
  const input = await readJwtInput(jwt, options, ctx);
  const what = inputName(input);
  const view: DecodeView = { jwt: decodeToken(input.token, what), what, now: Date.now() };
  return outputView({ source: input.source, ...decodeJson(view) }, (c) => decodeLines(view, c));
}
