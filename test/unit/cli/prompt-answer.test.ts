import { describe, expect, it } from 'vitest';
import { codeFromAnswer } from '../../../src/cli/prompts.ts';

describe('codeFromAnswer (the code prompt)', () => {
  it.each([
    ['123456', '123456'],
    ['  482913 ', '482913'],
    ['ABCD-1234', 'ABCD-1234'],
    ['Your verification code is: 123456', '123456'],
    ['Your code is 4829. It expires in 5 minutes.', '4829'],
    ['© 2026 Example — use 551177 to sign in', '551177'],
  ])('reads %j as %j', (answer, code) => {
    expect(codeFromAnswer(answer)).toBe(code);
  });

  it.each(['', '12', 'no code here', 'Copyright 2026'])('finds no code in %j', (answer) => {
    expect(codeFromAnswer(answer)).toBeUndefined();
  });
});
