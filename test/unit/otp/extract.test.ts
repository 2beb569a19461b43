import { describe, expect, it } from 'vitest';
import { compileOtpRegex, extractCode, isYear } from '../../../src/otp/extract.ts';
import { parseOtpSource } from '../../../src/otp/source.ts';
import { UsageError } from '../../../src/core/errors.ts';

describe('extractCode', () => {
  it.each([
    ['123456', '123456'],
    ['Your verification code is 482913', '482913'],
    ['Your code: 4829. It expires in 5 minutes.', '4829'],
    ['OTP=90817263', '90817263'],
    ['{"messages":[{"id":"a1","code":"730215","created_at":"2026-11-26T08:00:00Z"}]}', '730215'],
    // The keyword wins over an earlier lone number.
    ['Order 778899 — your one-time passcode is 112233', '112233'],
    // A year is never the code, nor a phone number or a date part.
    ['© 2026 Example Inc. Sent to +14155550123 on 2026-11-26. 551177', '551177'],
    ['Use 0042 to sign in', '0042'],
  ])('finds the code in %j', (text, code) => {
    expect(extractCode(text)).toBe(code);
  });

  it.each([['Copyright 2025'], ['call +15550100123'], ['no digits here'], ['abc123456def'], ['12'], ['Ünïcode 1999'], ['café123456']])(
    'finds no code in %j',
    (text) => {
      expect(extractCode(text)).toBeUndefined();
    },
  );

  it('uses --otp-regex instead: its first group, else the whole match', () => {
    expect(extractCode('PIN A-77 and code 123456', compileOtpRegex('PIN ([A-Z]-\\d+)'))).toBe('A-77');
    expect(extractCode('token XYZW', compileOtpRegex('[A-Z]{4}'))).toBe('XYZW');
    expect(extractCode('nothing', compileOtpRegex('\\d{6}'))).toBeUndefined();
  });

  it('names --otp-regex when the pattern is invalid', () => {
    expect(() => compileOtpRegex('(')).toThrow(UsageError);
    expect(() => compileOtpRegex('(')).toThrow(/^--otp-regex "\(" is not a valid regular expression/);
  });

  it('knows a year when it sees one', () => {
    expect(isYear('1999')).toBe(true);
    expect(isYear('2099')).toBe(true);
    expect(isYear('2100')).toBe(false);
    expect(isYear('202612')).toBe(false);
  });
});

describe('parseOtpSource', () => {
  it.each([
    ['stdin', { kind: 'stdin' }],
    ['emulator', { kind: 'emulator' }],
    ['env:MY_CODE', { kind: 'env', name: 'MY_CODE' }],
    ['file:/tmp/mail.txt', { kind: 'file', path: '/tmp/mail.txt' }],
    ['cmd:curl -s http://127.0.0.1:8025/api/v1/message/latest', { kind: 'cmd', command: 'curl -s http://127.0.0.1:8025/api/v1/message/latest' }],
  ])('parses %s', (spec, source) => {
    expect(parseOtpSource(spec)).toEqual(source);
  });

  it.each(['pigeon', 'env:', 'env:1BAD', 'file:', 'cmd:  '])('refuses %j naming the flag and the choices', (spec) => {
    expect(() => parseOtpSource(spec)).toThrow(`--otp-from ${JSON.stringify(spec)} is not a code source.`);
  });
});
