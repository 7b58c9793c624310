import { describe, expect, it } from 'vitest';
import { given, nurseAmara } from '../../test/given';
import { signupRequestSchema } from '../protocol/auth';
import { passwordRuleRefusal } from '../protocol/password';
import { aggregateTypes } from '../kernel/decider';
import { describeIssues } from '../kernel/validate';
import { enterPhone } from '../domain/fields/phone';
import { englishText, refusal, sayInEnglish } from './say';
import { refusalTexts } from './texts';

const wanjiruId = '0b5c8c2e-2d9f-4a57-9a59-5a1d1e2c3b4a';

/** Every key of the catalog, dotted. */
function keysOf(texts: object, prefix = ''): string[] {
  return Object.entries(texts).flatMap(([name, text]) =>
    typeof text === 'string' ? [`${prefix}${name}`] : keysOf(text as object, `${prefix}${name}.`),
  );
}

describe('refusals', () => {
  it('carry the key and values of a field refusal beside its English, on the error and each issue', () => {
    const error = given('vitals')
      .when('RecordVitals', { patient_id: wanjiruId, systolic: 300 })
      .thenThrows('validation', /Systolic must be between 50 and 260 mmHg/);
    const range = {
      key: 'vitals.range',
      values: { sign: { key: 'label.systolic' }, min: 50, max: 260, unit: 'mmHg' },
    };
    expect(error).toMatchObject(range);
    expect(error.details).toEqual({
      issues: [{ path: 'systolic', message: 'Systolic must be between 50 and 260 mmHg', ...range }],
    });
  });

  it('carry the key of a state refusal', () => {
    const error = given('vitals')
      .when('MarkVitalsEnteredInError', { reason: 'Wrong patient' }, { actor: nurseAmara })
      .thenThrows('not_found', /No such vitals/);
    expect(error.key).toBe('vitals.notFound');
    expect(error.values).toBeUndefined();
  });

  it('find the key again for a schema message, and carry it on a refinement built per request', () => {
    const parsed = signupRequestSchema.safeParse({
      organization: { kind: 'clinic', name: '' },
      admin: { full_name: 'Asha', email: 'asha@clinic.test', password: 'asha@clinic.test1' },
      device_id: 'web-device-1',
    });
    expect(parsed.success).toBe(false);
    const issues = describeIssues(parsed.error!);
    expect(issues).toContainEqual({
      path: 'organization.name',
      message: 'Organisation name is required',
      key: 'field.required',
      values: { field: { key: 'label.organisationName' } },
    });
    expect(issues).toContainEqual({
      path: 'admin.password',
      message: 'Password must not contain your email address',
      key: 'password.containsEmail',
    });
  });

  it('say the password rules and phone problems with keys', () => {
    expect(passwordRuleRefusal('short')).toEqual({
      key: 'password.tooShort',
      values: { min: 12 },
      message: 'Password must be at least 12 characters',
    });
    expect(enterPhone('0712 34', 'KE').refusal).toEqual({
      key: 'phone.tooShortIn',
      values: { country: { country: 'KE', name: 'Kenya' } },
      message: 'Not a phone number in Kenya: too short',
    });
  });

  it('write English with its values: numbers, words of the catalog and days', () => {
    expect(sayInEnglish('field.required', { field: { key: 'label.fullName' } })).toBe(
      'Full name is required',
    );
    expect(refusal('appointment.earlyNeedsReason', { day: { day: '2026-12-03' } }).message).toBe(
      'The appointment is on Thursday 3 December: checking in before its day needs a reason',
    );
  });

  it('name every kind of record a version conflict can be about, in the English older apps read', () => {
    for (const type of aggregateTypes) expect(englishText(`record.${type}`), type).toBeDefined();
    expect(refusal('kernel.changedElsewhere', { record: { key: 'record.hospital' } })).toEqual({
      key: 'kernel.changedElsewhere',
      values: { record: { key: 'record.hospital' } },
      message: 'This hospital changed on another device meanwhile',
    });
  });

  it('name in each sentence only values the catalog knows how to say, and every key once', () => {
    const keys = keysOf(refusalTexts);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) {
      const text = englishText(key)!;
      expect(text.trim(), key).not.toBe('');
      // Placeholders are i18next's: {{name}}, a word character name each.
      expect(text.replace(/\{\{\w+\}\}/g, ''), key).not.toMatch(/\{\{|\}\}/);
    }
  });
});
