/**
 * GET /user/geoloc/country: the caller's country, which Lock's phone number field starts with
 * (auth0/auth0.js `src/authentication/index.js` `getUserCountry`; auth0/lock
 * `src/connection/passwordless/index.js`, `US` when the call fails). Auth0 answers from the
 * caller's IP; the emulator answers the tenant file's `geoloc.country_code`, `US` by default
 * (docs/emulator.md "Lock", docs/auth0-behaviour.md B-LOCK-4).
 */
import type { Handler } from '../context.ts';
import { json } from '../respond.ts';

/** Lock's own fallback, so that an emulator without the setting shows what Lock shows when the call fails. */
const DEFAULT_COUNTRY = 'US';

export const geolocCountry: Handler = async (_req, emu) => json(200, { country_code: emu.tenant.geoloc?.country_code ?? DEFAULT_COUNTRY });
