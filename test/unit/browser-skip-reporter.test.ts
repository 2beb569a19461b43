// The closing summary of a run without Chromium (docs/emulator.md "Browser tests", E-BROWSER-3):
// which browser tests were skipped, why, and the install command; nothing when none was skipped.
import { describe, expect, it } from 'vitest';
import { browserSkipLines } from '../helpers/browser-skip-reporter.ts';

describe('the browser-skip summary (E-BROWSER-3)', () => {
  it('names each skipped test, the reason and the install command', () => {
    expect(browserSkipLines(['logs in over HTTP', 'blocks a page'], '/usr/bin/chromium not found; install it with: apt-get install -y chromium')).toEqual([
      '',
      'Browser tests skipped (2): /usr/bin/chromium not found; install it with: apt-get install -y chromium',
      '  - logs in over HTTP',
      '  - blocks a page',
      'Install Chromium (apt-get install -y chromium) to run them; .ci/run does.',
      '',
    ]);
  });

  it('says nothing when Chromium is there or nothing was skipped', () => {
    expect(browserSkipLines(['a'], undefined)).toEqual([]);
    expect(browserSkipLines([], 'missing')).toEqual([]);
  });
});
