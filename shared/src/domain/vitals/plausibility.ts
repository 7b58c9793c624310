import { describeIssues, issueAt, type FieldIssue } from '../../kernel/validate';
import { refusal } from '../../refusals';
import { bmi, vitalSigns, vitalValuesSchema, type VitalSignField } from './signs';

/**
 * Signs that are each within their range can still not be true together: a blood
 * pressure whose diastolic is not below its systolic, or a weight and height no body
 * has. Each bound and its reasoning is in docs/clinical.md ("Plausible vitals").
 */

/** Systolic minus diastolic, in mmHg: narrower cannot be heard, wider is not plausible. */
export const pulsePressureRange = { min: 10, max: 200 } as const;
/** kg/m²: below, lighter than an extremely premature baby; above, heavier than any record. */
export const bmiRange = { min: 4, max: 200 } as const;

type VitalNumbers = { [Field in VitalSignField]?: number | null | undefined };

/** The value when it is a number within its own range; cross checks skip the rest. */
function inRange(values: VitalNumbers, field: VitalSignField): number | null {
  const value = values[field];
  const sign = vitalSigns.find((known) => known.field === field)!;
  return typeof value === 'number' && value >= sign.min && value <= sign.max ? value : null;
}

/**
 * The combinations of signs that cannot be, each named on the field a person should
 * check, in words. Signs missing or outside their own range are left to the range check.
 */
export function implausibleCombinations(values: VitalNumbers): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const systolic = inRange(values, 'systolic');
  const diastolic = inRange(values, 'diastolic');
  const typed = (field: VitalSignField) => values[field] !== null && values[field] !== undefined;
  if (diastolic !== null && !typed('systolic')) {
    // Palpation gives a systolic alone; no method gives a diastolic alone.
    issues.push(issueAt('diastolic', refusal('vitals.diastolicNeedsSystolic')));
  } else if (systolic !== null && diastolic !== null) {
    const pulsePressure = systolic - diastolic;
    if (pulsePressure <= 0) {
      issues.push(issueAt('diastolic', refusal('vitals.diastolicBelowSystolic')));
    } else if (pulsePressure < pulsePressureRange.min) {
      issues.push(
        issueAt(
          'diastolic',
          refusal('vitals.pulsePressureNarrow', {
            difference: pulsePressure,
            min: pulsePressureRange.min,
          }),
        ),
      );
    } else if (pulsePressure > pulsePressureRange.max) {
      issues.push(
        issueAt(
          'diastolic',
          refusal('vitals.pulsePressureWide', {
            difference: pulsePressure,
            max: pulsePressureRange.max,
          }),
        ),
      );
    }
  }
  const index = bmi(inRange(values, 'weight_kg'), inRange(values, 'height_cm'));
  if (index !== null && (index < bmiRange.min || index > bmiRange.max)) {
    const said = refusal('vitals.bmiImplausible', {
      bmi: index,
      min: bmiRange.min,
      max: bmiRange.max,
    });
    issues.push(issueAt('weight_kg', said), issueAt('height_cm', said));
  }
  return issues;
}

/**
 * Every problem of a measurement's values, by field: each sign's own range first, then
 * the combinations. What the decider refuses, for a form to show before it is sent.
 */
export function vitalValueProblems(values: VitalNumbers): FieldIssue[] {
  const parsed = vitalValuesSchema.safeParse(values);
  return [
    ...(parsed.success ? [] : describeIssues(parsed.error)),
    ...implausibleCombinations(values),
  ];
}
