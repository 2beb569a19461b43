/**
 * Grant `authorization_code`: advertised in discovery and enabled on the default clients because
 * magic links (GET /passwordless/verify_redirect, reference §1.3) will issue codes. That endpoint
 * is not built yet, so no code exists and every exchange is refused with Auth0's text for an
 * unknown code (node-auth0 fixture, §3.2 "Invalid authorization code").
 */
import { invalidGrant } from '../errors.ts';
import { requiredParam, type GrantHandler } from './token-params.ts';

export const authorizationCodeGrant: GrantHandler = async (params) => {
  requiredParam(params, 'code');
  throw invalidGrant('Invalid authorization code');
};
