#!/usr/bin/env bash
# The emulator used by clients no one here wrote: curl for HTTP, sed for JSON, openssl for the
# RS256 signature. Usage: curl-walkthrough.sh <base-url> <email>. Prints "verified <sub>" and exits 0.
set -euo pipefail
base=$1 email=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"; }
b64url_decode() { local s; s=$(tr '_-' '/+'); while (( ${#s} % 4 )); do s+='='; done; printf '%s' "$s" | base64 -d; }
hex() { od -An -v -tx1 | tr -d ' \n'; }

discovery=$(curl -fsS "$base/.well-known/openid-configuration")
jwks_uri=$(printf '%s' "$discovery" | field jwks_uri)
issuer=$(printf '%s' "$discovery" | field issuer)

curl -fsS -X POST "$base/passwordless/start" -H 'content-type: application/json' \
  -d "{\"client_id\":\"emulator-native\",\"connection\":\"email\",\"email\":\"$email\",\"send\":\"code\"}" >/dev/null
code=$(curl -fsS "$base/__emulator/outbox?to=$email" | sed -n 's/^{"messages":\[{[^}]*"code":"\([0-9]*\)".*/\1/p')
[[ -n $code ]] || { echo "no code in the outbox" >&2; exit 1; }

tokens=$(curl -fsS -X POST "$base/oauth/token" \
  --data-urlencode 'grant_type=http://auth0.com/oauth/grant-type/passwordless/otp' \
  --data-urlencode 'client_id=emulator-native' --data-urlencode 'realm=email' \
  --data-urlencode "username=$email" --data-urlencode "otp=$code" --data-urlencode 'scope=openid email')
id_token=$(printf '%s' "$tokens" | field id_token)
IFS=. read -r h p s <<<"$id_token"

# Rebuild the RSA public key from the JWK's n and e, and check the signature with openssl alone.
jwks=$(curl -fsS "$jwks_uri")
n=$(printf '%s' "$jwks" | field n | b64url_decode | hex)
e=$(printf '%s' "$jwks" | field e | b64url_decode | hex)
printf 'asn1=SEQUENCE:rsa\n[rsa]\nn=INTEGER:0x%s\ne=INTEGER:0x%s\n' "$n" "$e" >"$work/key.conf"
openssl asn1parse -genconf "$work/key.conf" -out "$work/key.der" -noout
openssl rsa -RSAPublicKey_in -inform DER -in "$work/key.der" -pubout -out "$work/key.pem" 2>/dev/null
printf '%s' "$s" | b64url_decode >"$work/sig"
printf '%s.%s' "$h" "$p" >"$work/signed"
openssl dgst -sha256 -verify "$work/key.pem" -signature "$work/sig" "$work/signed" >/dev/null

payload=$(printf '%s' "$p" | b64url_decode)
[[ $(printf '%s' "$payload" | field iss) == "$issuer" ]] || { echo "iss is not $issuer" >&2; exit 1; }
[[ $(printf '%s' "$payload" | field aud) == emulator-native ]] || { echo "aud is not the client id" >&2; exit 1; }
echo "verified $(printf '%s' "$payload" | field sub)"
