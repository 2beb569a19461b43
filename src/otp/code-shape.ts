/**
 * What a one-time code looks like: the one rule for every way pwless takes a code, so that
 * `--otp`, what a code source finds (`--otp-regex`, `env:`, `stdin`, `file:`, `cmd:`, the
 * emulator's outbox) and an answer typed at the prompt are held to the same shape.
 *
 * Letters, digits and "-", 1 to 32 of them. Auth0 sends digits, their number set by the
 * connection's "OTP Length" (docs/auth0-behaviour.md, B-OTP-4); other servers and test doubles
 * use letters and dashes (ABCD-1234). One character is a code too: scripts and tests send a
 * deliberately wrong `--otp 1` to see the refusal. The bound keeps a pasted message, a URL or a
 * token from being sent as a code.
 */
const ONE_TIME_CODE = /^[0-9A-Za-z-]{1,32}$/;

export function isOneTimeCode(text: string): boolean {
  return ONE_TIME_CODE.test(text);
}

/**
 * The fewest characters of a code a tenant sends (the emulator's shortest `--otp-length`, and the
 * shortest run of digits extract.ts looks for in a message). At the prompt, a shorter answer is
 * taken for a slip of the keyboard and asked again, rather than spending one of the code's tries.
 */
export const SHORTEST_SENT_CODE = 4;
