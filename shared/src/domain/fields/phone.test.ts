import { describe, expect, it } from 'vitest';
import {
  countryOfCallingCode,
  displayPhone,
  enterPhone,
  phoneInE164,
  phoneSearchDigits,
} from './phone';

describe('a phone number a person enters', () => {
  it('is read in the clinic country, however it is written, and kept in E.164', () => {
    for (const typed of [
      '0712 345678',
      '0712 345 678',
      '(0712) 345-678',
      '0712.345.678',
      '712345678',
      '254712345678',
      '254-712-345678',
      '+254 712 345678',
      '+254712345678',
    ])
      expect(enterPhone(typed, 'KE'), typed).toEqual({ e164: '+254712345678' });
    expect(enterPhone('020 2345678', 'KE')).toEqual({ e164: '+254202345678' });
    expect(enterPhone('98765 43210', 'IN')).toEqual({ e164: '+919876543210' });
  });

  it('is read in its own country when written with +', () => {
    expect(enterPhone('+44 20 7946 0958', 'KE')).toEqual({ e164: '+442079460958' });
    expect(enterPhone('+1 (415) 555-0100', 'KE')).toEqual({ e164: '+14155550100' });
    expect(enterPhone('+255 754 123456', null)).toEqual({ e164: '+255754123456' });
  });

  it('is refused with the reason when it is not one', () => {
    const problems: [string, string][] = [
      ['0712 34', 'Not a phone number in Kenya: too short'],
      ['12345', 'Not a phone number in Kenya: too short'],
      ['+254 70 1', 'Not a phone number in Kenya: too short'],
      ['0712 345678 9012 34', 'Not a phone number in Kenya: too long'],
      ['0912 345678', 'Not a phone number in Kenya: no number there starts or runs like this'],
      ['+44 20 79', 'Not a phone number in United Kingdom: too short'],
      ['+0712345678', 'Not a phone number: no country has the code it starts with'],
      ['1-----', 'Not a phone number: use digits, spaces or dashes, and + before a country code'],
      ['0712 345678 ext 4', 'Not a phone number: use digits'],
      ['254+712345678', 'Not a phone number: use digits'],
      ['call me', 'Not a phone number: use digits'],
    ];
    for (const [typed, reason] of problems)
      expect(enterPhone(typed, 'KE').problem, typed).toContain(reason);
  });

  it('needs + and a country code where the clinic has no country', () => {
    expect(enterPhone('0712 345678', null).problem).toMatch(
      /^Write the number with \+ and its country code/,
    );
    expect(enterPhone('+254 712 345678', null)).toEqual({ e164: '+254712345678' });
  });
});

describe('a recorded phone number shown', () => {
  it('is written as dialled in the clinic country, internationally otherwise', () => {
    expect(displayPhone('+254712345678', 'KE')).toBe('0712 345678');
    expect(displayPhone('+442079460958', 'KE')).toBe('+44 20 7946 0958');
    expect(displayPhone('+254712345678', null)).toBe('+254 712 345678');
  });

  it('formats a loose number recorded before the check when it can be read, else shows it', () => {
    expect(displayPhone('0712-345-678', 'KE')).toBe('0712 345678');
    expect(displayPhone('+254 (712) 345678', 'TZ')).toBe('+254 712 345678');
    expect(displayPhone('1-----', 'KE')).toBe('1-----');
    expect(displayPhone('0712 345678', null)).toBe('0712 345678');
  });
});

describe('a recorded number made ready to send', () => {
  it('is E.164, a loose national one read in the clinic country', () => {
    expect(phoneInE164('+254712345678', null)).toBe('+254712345678');
    expect(phoneInE164('+254 712 345678', null)).toBe('+254712345678');
    expect(phoneInE164('0712 345678', 'KE')).toBe('+254712345678');
    expect(phoneInE164('0712 345678', null)).toBeNull();
    expect(phoneInE164('1-----', 'KE')).toBeNull();
  });
});

describe('a number typed to find a patient', () => {
  it('gives the national number, whatever common form it is typed in', () => {
    for (const typed of ['0712 345 678', '+254712345678', '254-712-345678', '712345678'])
      expect(phoneSearchDigits(typed, 'KE'), typed).toBe('712345678');
    expect(phoneSearchDigits('(415) 555-0100', 'US')).toBe('4155550100');
  });

  it('gives a part of a number without its trunk 0, and nothing for what is no number', () => {
    expect(phoneSearchDigits('0712 345', 'KE')).toBe('712345');
    expect(phoneSearchDigits('345 678', 'KE')).toBe('345678');
    expect(phoneSearchDigits('0712 345 678', null)).toBe('712345678');
    expect(phoneSearchDigits('071', 'KE')).toBeNull();
    expect(phoneSearchDigits('Wanjiru', 'KE')).toBeNull();
    expect(phoneSearchDigits('HC-1001', 'KE')).toBeNull();
  });
});

describe('a country calling code', () => {
  it('gives its country, the main one where several share it', () => {
    expect(countryOfCallingCode('254')).toBe('KE');
    expect(countryOfCallingCode('1')).toBe('US');
    expect(countryOfCallingCode('44')).toBe('GB');
    expect(countryOfCallingCode('999')).toBeNull();
    expect(countryOfCallingCode(null)).toBeNull();
  });
});
