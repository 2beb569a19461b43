/** The demo's closing summary: the login's own view, then what to try next; its document is the login's, with the emulator's URL. */
import type { ChalkInstance } from 'chalk';
import { loginJson, loginLines, type FinishedLogin } from './login.ts';
import { outputView, type OutputView, tokenValues } from './view.ts';

export function demoView(emulatorUrl: string, login: FinishedLogin, showTokens: boolean): OutputView {
  return outputView(
    { emulator: emulatorUrl, ...loginJson(login) },
    (c) => demoLines(login, c, showTokens),
    login.failure,
    showTokens ? tokenValues(login.tokens) : [],
  );
}

function demoLines(login: FinishedLogin, c: ChalkInstance, showTokens: boolean): string[] {
  return [
    ...loginLines(login, c, { showTokens }),
    '',
    c.bold('Next'),
    `  Run the emulator yourself:   pwless emulator`,
    `  Keep a profile for it:       pwless profile add emulator --domain http://127.0.0.1:4010 --client-id emulator-native`,
    `  Log in against it:           pwless start --profile emulator --email you@example.com --otp-from emulator`,
    `  Log in against your tenant:  pwless start --domain <tenant>.auth0.com --client-id <id> --email <you>`,
  ];
}
