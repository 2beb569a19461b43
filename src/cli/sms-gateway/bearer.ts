/**
 * The token Auth0 sends a custom SMS gateway when the connection has `gateway_authentication`
 * (Auth0 docs, "Set Up Custom SMS Gateway for Passwordless Connections"): `Authorization: Bearer
 * <JWT>`, HS256 with the connection's secret (base64url-decoded first when `secret_base64_encoded`),
 * carrying its `subject` as `sub` and its `audience` as `aud`. Checked with jose: the signature,
 * `sub`, `aud` and `exp`.
 */
import { errors as joseErrors, jwtVerify } from 'jose';

export interface GatewayAuthentication {
  secret: Uint8Array;
  subject?: string | undefined;
  audience?: string | undefined;
}

/** Why a request is refused, or undefined when its token is good. Never echoes the token. */
export async function refusalOf(authorization: string | undefined, auth: GatewayAuthentication): Promise<string | undefined> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (token === undefined) return authorization === undefined ? 'no Authorization header' : 'the Authorization header is not "Bearer <token>"';
  try {
    await jwtVerify(token, auth.secret, {
      algorithms: ['HS256'],
      requiredClaims: ['exp'],
      ...(auth.subject === undefined ? {} : { subject: auth.subject }),
      ...(auth.audience === undefined ? {} : { audience: auth.audience }),
    });
    return undefined;
  } catch (error) {
    // JWTExpired is a JWTClaimValidationFailed too: asked first.
    if (error instanceof joseErrors.JWTExpired) return 'the token has expired';
    if (error instanceof joseErrors.JWTClaimValidationFailed) return `the token's ${error.claim} claim is not the expected one (${error.reason})`;
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'the token is not signed with the gateway secret';
    if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'the token is not HS256';
    if (error instanceof joseErrors.JOSEError) return `the token is not a valid JWT (${error.code})`;
    throw error;
  }
}
