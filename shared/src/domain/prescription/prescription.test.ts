import { describe, expect, it } from 'vitest';
import { DomainError } from '../../kernel/errors';
import { sha256Hex, sha256HexOfText } from '../../kernel/hash';
import { decideCommand } from '../registry';
import { given, hillsideClinicId, janeDoctor, nurseAmara } from '../../../test/given';
import { allergyWarnings, describeAllergyWarning } from './allergies';
import { issuePrescriptionPayload, prescriptionSigningText } from './commands';
import type { PrescriptionEvent } from './aggregate';

const wanjiruId = '0190a0b0-0000-7000-8000-000000000601';
const visitId = '0190a0b0-0000-7000-8000-000000000602';

const amoxicillin = {
  name: 'Amoxicillin 500 mg capsules',
  dosage: '500 mg',
  frequency: 'three times a day',
  duration: '7 days',
  quantity: 21,
};
/** What the prescriber's device hashes: the signing text of the parsed content. */
const digest = sha256HexOfText(
  JSON.stringify({
    patient_id: wanjiruId,
    visit_id: visitId,
    medications: [{ ...amoxicillin, instructions: null }],
    diagnosis: 'Acute otitis media',
  }),
);
const issued: PrescriptionEvent = {
  type: 'PrescriptionIssued',
  data: {
    patient_id: wanjiruId,
    visit_id: visitId,
    medications: [{ ...amoxicillin, instructions: null }],
    diagnosis: 'Acute otitis media',
    content_sha256: digest,
    signed_by: janeDoctor.user_id,
    signed_at: '2026-11-24T09:30:00.000Z',
  },
};
const cancelled: PrescriptionEvent = {
  type: 'PrescriptionCancelled',
  data: { reason: 'Wrong patient', cancelled_at: '2026-11-24T09:30:00.000Z' },
};

describe('issuing', () => {
  it('issues a signed prescription: the doctor and the time come from the command', () => {
    given('prescription')
      .when('IssuePrescription', {
        patient_id: wanjiruId,
        visit_id: visitId,
        medications: [amoxicillin],
        diagnosis: 'Acute otitis media',
        content_sha256: digest,
      })
      .then([issued]);
  });

  it('refuses a digest that is not the SHA-256 of the content it signs, naming the field', async () => {
    const content = {
      patient_id: wanjiruId,
      visit_id: visitId,
      medications: [amoxicillin],
      diagnosis: 'Acute otitis media',
    };
    const error = given('prescription')
      .when('IssuePrescription', { ...content, content_sha256: '0'.repeat(64) })
      .thenThrows('validation', /digest is not the SHA-256 of the prescription's content/);
    expect(error.details).toMatchObject({
      issues: [{ path: 'content_sha256', message: error.message }],
    });
    // Signed for 21 capsules, sent with 42.
    given('prescription')
      .when('IssuePrescription', {
        ...content,
        medications: [{ ...amoxicillin, quantity: 42 }],
        content_sha256: digest,
      })
      .thenThrows('validation', /digest/);
    // The device's own WebCrypto digest of the parsed content's signing text is taken.
    const parsed = issuePrescriptionPayload.parse({ ...content, content_sha256: digest });
    given('prescription')
      .when('IssuePrescription', {
        ...content,
        content_sha256: await sha256Hex(prescriptionSigningText(parsed)),
      })
      .then([issued]);
  });

  it('refuses empty, oversized and incomplete medication lists, naming the line', () => {
    const base = { patient_id: wanjiruId, content_sha256: digest };
    given('prescription')
      .when('IssuePrescription', { ...base, medications: [] })
      .thenThrows('validation', /at least one medication/);
    given('prescription')
      .when('IssuePrescription', { ...base, medications: Array(21).fill(amoxicillin) })
      .thenThrows('validation', /at most 20/);
    const error = given('prescription')
      .when('IssuePrescription', { ...base, medications: [{ ...amoxicillin, quantity: 0 }] })
      .thenThrows('validation', /Quantity must be at least 1/);
    expect(error.details).toMatchObject({
      issues: [{ path: 'medications.0.quantity', message: 'Quantity must be at least 1' }],
    });
    given('prescription')
      .when('IssuePrescription', { ...base, medications: [{ ...amoxicillin, dosage: ' ' }] })
      .thenThrows('validation', /Dosage is required/);
    given('prescription')
      .when('IssuePrescription', { ...base, medications: [amoxicillin], content_sha256: 'x' })
      .thenThrows('validation', /SHA-256/);
  });

  it('never changes an issued prescription', () => {
    given('prescription', [issued])
      .when('IssuePrescription', { ...issued.data })
      .thenThrows('illegal_state', /cancel it and issue a new one/);
  });

  it('is issued by doctors only: a nurse is refused by the registry', () => {
    given('prescription')
      .when(
        'IssuePrescription',
        { patient_id: wanjiruId, medications: [amoxicillin], content_sha256: digest },
        { actor: nurseAmara },
      )
      .thenThrows('forbidden');
    const context = {
      hospital_id: hillsideClinicId,
      aggregate_id: '0190a0b0-0000-7000-8000-000000000603',
      actor: nurseAmara,
      issued_at: '2026-11-24T09:30:00.000Z',
    };
    for (const command of [
      { type: 'IssuePrescription', aggregate_type: 'prescription', payload: issued.data },
      { type: 'SignNote', aggregate_type: 'note', payload: { content_sha256: digest } },
    ]) {
      let refusal: unknown;
      try {
        decideCommand(command, null, context);
      } catch (error) {
        refusal = error;
      }
      expect(refusal).toBeInstanceOf(DomainError);
      expect((refusal as DomainError).code).toBe('forbidden');
    }
  });

  it('signs a text every device builds the same way from the parsed content', () => {
    const content = issuePrescriptionPayload.parse({
      diagnosis: 'Acute otitis media',
      medications: [{ ...amoxicillin, name: ' Amoxicillin 500 mg capsules ' }],
      patient_id: wanjiruId,
      content_sha256: digest,
    });
    expect(prescriptionSigningText(content)).toBe(
      JSON.stringify({
        patient_id: wanjiruId,
        visit_id: null,
        medications: [{ ...amoxicillin, instructions: null }],
        diagnosis: 'Acute otitis media',
      }),
    );
  });
});

describe('cancelling', () => {
  it('cancels once, with a reason', () => {
    given('prescription', [issued])
      .when('CancelPrescription', { reason: 'Wrong patient' })
      .then([cancelled]);
    given('prescription', [issued, cancelled])
      .when('CancelPrescription', { reason: 'Again' })
      .thenThrows('illegal_state', /already cancelled/);
    given('prescription', [issued])
      .when('CancelPrescription', { reason: '' })
      .thenThrows('validation', /Reason is required/);
    given('prescription')
      .when('CancelPrescription', { reason: 'Nothing there' })
      .thenThrows('not_found');
    given('prescription', [issued])
      .when('CancelPrescription', { reason: 'x' }, { actor: nurseAmara })
      .thenThrows('forbidden');
  });
});

describe('allergy warnings', () => {
  const same = { drug_class: null, relation: 'same_medicine', allergy_class: null } as const;
  const inClass = (drug_class: string) =>
    ({ drug_class, relation: 'same_class', allergy_class: null }) as const;

  it('matches names containing each other, whatever the case', () => {
    expect(
      allergyWarnings([{ name: 'Penicillin V 250 mg' }], [{ substance: 'PENICILLIN' }]),
    ).toEqual([{ medication: 'Penicillin V 250 mg', substance: 'PENICILLIN', ...same }]);
    expect(allergyWarnings([{ name: 'Ibuprofen' }], [{ substance: 'ibuprofen tablets' }])).toEqual([
      { medication: 'Ibuprofen', substance: 'ibuprofen tablets', ...same },
    ]);
  });

  it('warns across a bundled drug class', () => {
    expect(allergyWarnings([amoxicillin], [{ substance: 'Penicillin' }])).toEqual([
      { medication: amoxicillin.name, substance: 'Penicillin', ...inClass('Penicillins') },
    ]);
    expect(allergyWarnings([{ name: 'Ampicillin' }], [{ substance: 'amoxicillin' }])).toEqual([
      { medication: 'Ampicillin', substance: 'amoxicillin', ...inClass('Penicillins') },
    ]);
    expect(
      allergyWarnings([{ name: 'Co-trimoxazole 960 mg' }], [{ substance: 'Sulfa drugs' }]),
    ).toEqual([
      { medication: 'Co-trimoxazole 960 mg', substance: 'Sulfa drugs', ...inClass('Sulfonamides') },
    ]);
    expect(
      allergyWarnings([{ name: 'Diclofenac gel' }, { name: 'Naproxen' }], [{ substance: 'NSAIDs' }])
        .length,
    ).toBe(2);
    expect(allergyWarnings([{ name: 'Naproxen' }], [{ substance: 'Aspirin' }])).toHaveLength(1);
    expect(
      allergyWarnings([{ name: 'Clarithromycin 500 mg' }], [{ substance: 'Erythromycin' }]),
    ).toEqual([
      { medication: 'Clarithromycin 500 mg', substance: 'Erythromycin', ...inClass('Macrolides') },
    ]);
  });

  it('knows common brands and combination products, on either side', () => {
    const classOf = (medication: string, substance: string) =>
      allergyWarnings([{ name: medication }], [{ substance }]).map((warning) => warning.drug_class);
    expect(classOf('Augmentin 625 mg', 'Penicillin')).toEqual(['Penicillins']);
    expect(classOf('Amoxicillin/clavulanic acid', 'penicillins')).toEqual(['Penicillins']);
    expect(classOf('Amoxicillin 500 mg', 'Augmentin (rash)')).toEqual(['Penicillins']);
    expect(classOf('Fansidar (SP) 3 tablets', 'sulphonamides')).toEqual(['Sulfonamides']);
    expect(classOf('Septrin', 'sulfa')).toEqual(['Sulfonamides']);
    expect(classOf('Brufen 400 mg', 'NSAID')).toEqual(['NSAIDs']);
    expect(classOf('Arthrotec 50', 'Ibuprofen')).toEqual(['NSAIDs']);
    expect(classOf('Zithromax', 'macrolide antibiotics')).toEqual(['Macrolides']);
    expect(classOf('Keflex 500 mg', 'cefuroxime')).toEqual(['Cephalosporins']);
  });

  it('warns of a related class apart: a cephalosporin for a penicillin allergy', () => {
    const [warning] = allergyWarnings(
      [{ name: 'Ceftriaxone 1 g IM' }],
      [{ substance: 'Penicillin' }],
    );
    expect(warning).toEqual({
      medication: 'Ceftriaxone 1 g IM',
      substance: 'Penicillin',
      drug_class: 'Cephalosporins',
      relation: 'related_class',
      allergy_class: 'Penicillins',
    });
    expect(describeAllergyWarning(warning!)).toBe(
      'Ceftriaxone 1 g IM: the patient is allergic to Penicillin. Cephalosporins and Penicillins cross-react in some patients',
    );
    // Named as beta-lactams, all three classes are the allergy's own.
    expect(
      allergyWarnings([{ name: 'Meropenem' }], [{ substance: 'Beta-lactam antibiotics' }]),
    ).toMatchObject([{ drug_class: 'Carbapenems', relation: 'same_class' }]);
  });

  it('does not take a word for another that merely starts alike', () => {
    expect(allergyWarnings([{ name: 'Penicillamine' }], [{ substance: 'Penicillin' }])).toEqual([]);
    expect(allergyWarnings([{ name: 'Furosemide' }], [{ substance: 'Sulfa' }])).toEqual([]);
    expect(allergyWarnings([{ name: 'Paracetamol' }], [{ substance: 'Sulfur' }])).toEqual([]);
    expect(allergyWarnings([{ name: 'Ciprofloxacin' }], [{ substance: 'Aspro' }])).toEqual([]);
  });

  it('stays quiet for unrelated medicines and empty lists', () => {
    expect(
      allergyWarnings(
        [{ name: 'Paracetamol' }, { name: 'Salbutamol inhaler' }],
        [{ substance: 'Penicillin' }, { substance: 'Sulfa' }, { substance: 'NSAID' }],
      ),
    ).toEqual([]);
    expect(allergyWarnings([amoxicillin], [])).toEqual([]);
    expect(allergyWarnings([amoxicillin], [{ substance: '  ' }])).toEqual([]);
  });
});
