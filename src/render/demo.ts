/** The demo's closing summary: the login's own view, then what to try next. */
import type { ChalkInstance } from 'chalk';
import { loginLines, type LoginView } from './login.ts';
import type { DemoResult } from './results.ts';

export function demoLines(result: DemoResult, c: ChalkInstance, view: LoginView): string[] {
  return [
    ...loginLines(result.login, c, view),
    '',
    c.bold('Next'),
    `  Run the emulator yourself:   pwless emulator`,
    `  Keep a profile for it:       pwless profile add emulator --domain http://127.0.0.1:4010 --client-id emulator-native`,
    `  Log in against it:           pwless start --profile emulator --email you@example.com --otp-from emulator`,
    `  Log in against your tenant:  pwless start --domain <tenant>.auth0.com --client-id <id> --email <you>`,
  ];
}
