import {
  describeIssues,
  DomainError,
  registerPatientSchema,
  uuidv7,
  withPhonesInE164,
} from '@mymedic/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useClinic } from '../../app/clinic';
import { useCommands } from '../../app/commands';
import type { PatientRow } from '../../engine/db';
import {
  fieldErrors,
  formText,
  secondaryButtonClass,
  SelectField,
  TextField,
} from '../../ui/Field';
import { useFormDraft } from '../../ui/drafts';
import { FormFooter } from '../../ui/Form';
import { nextMrn } from './mrn';
import { likelyDuplicates } from '../../app/patientSearch';
import { useClinicCountry, usePhoneText } from '../../app/reference';
import { useFormat } from '../../app/useFormat';

const genders = ['female', 'male', 'other', 'unknown'] as const;

const optional = (value: FormDataEntryValue | null) =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;

export default function RegisterPatient() {
  const { t } = useTranslation('patients');
  const format = useFormat();
  const { locale } = format;
  const { db } = useClinic();
  const navigate = useNavigate();
  const patients = useLiveQuery(() => db.patients.toArray(), [db]);
  const { run, errors, setErrors } = useCommands();
  const [duplicates, setDuplicates] = useState<PatientRow[]>([]);
  const draft = useFormDraft('register-patient');
  const country = useClinicCountry();
  const phoneText = usePhoneText();

  /**
   * Registers what the form holds. A look-alike of a registered patient is shown first;
   * `differentPerson` is the receptionist's answer that it is someone else: it registers.
   */
  async function register(formElement: HTMLFormElement, differentPerson: boolean) {
    const form = new FormData(formElement);
    const age = optional(form.get('age'));
    const candidate = {
      mrn: 'CHECK-00000',
      full_name: formText(form, 'full_name'),
      date_of_birth: optional(form.get('date_of_birth')),
      birth_year_estimate: age === null ? null : new Date().getFullYear() - Number(age),
      gender: formText(form, 'gender'),
      phone: optional(form.get('phone')),
      email: optional(form.get('email')),
      national_id: optional(form.get('national_id')),
      preferred_language: optional(form.get('preferred_language')),
      address:
        optional(form.get('village')) || optional(form.get('city'))
          ? { village: optional(form.get('village')), city: optional(form.get('city')) }
          : null,
    };
    const parsed = registerPatientSchema.safeParse(candidate);
    if (!parsed.success) {
      setErrors(fieldErrors({ issues: describeIssues(parsed.error) }));
      return;
    }
    // A number that is not one is named beside its field before anything else is asked.
    try {
      withPhonesInE164(parsed.data, country, 'Patient');
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      setErrors(fieldErrors(error.details));
      return;
    }
    setErrors({});
    const similar = likelyDuplicates(patients ?? [], parsed.data, country);
    if (similar.length > 0 && !differentPerson) {
      setDuplicates(similar);
      return;
    }
    const patientId = uuidv7();
    const registered = await run(
      async (log) => ({
        type: 'RegisterPatient',
        aggregate_type: 'patient',
        aggregate_id: patientId,
        payload: { ...candidate, mrn: await nextMrn(log), country },
      }),
      t('register.registered'),
    );
    if (!registered) return;
    draft.clear();
    await navigate(`/patients/${patientId}`);
  }

  return (
    <section aria-labelledby="register-title" className="max-w-2xl space-y-4">
      <h1 id="register-title" className="text-2xl font-semibold">
        {t('register.title')}
      </h1>
      {draft.restored && (
        <p role="status" className="rounded-lg bg-sky-50 p-3">
          {t('register.restored')}
        </p>
      )}
      <form
        ref={draft.ref}
        onSubmit={(event) => {
          event.preventDefault();
          void register(event.currentTarget, false);
        }}
        noValidate
        className="grid gap-4 rounded-xl bg-white p-6 shadow sm:grid-cols-2"
      >
        <div className="sm:col-span-2">
          <TextField
            label={t('details.field.full_name')}
            name="full_name"
            autoComplete="off"
            error={errors.full_name}
            required
          />
        </div>
        <TextField
          label={t('details.field.date_of_birth')}
          name="date_of_birth"
          type="date"
          error={errors.date_of_birth}
          hint={t('register.dateOfBirthHint')}
        />
        <TextField
          label={t('register.age')}
          name="age"
          type="number"
          min={0}
          max={130}
          error={errors.birth_year_estimate}
        />
        <SelectField
          label={t('register.gender')}
          name="gender"
          defaultValue=""
          error={errors.gender}
        >
          <option value="" disabled>
            {t('register.choose')}
          </option>
          {genders.map((gender) => (
            <option key={gender} value={gender}>
              {t(`register.genderChoice.${gender}`)}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t('details.field.phone')}
          name="phone"
          type="tel"
          autoComplete="off"
          error={errors.phone}
          hint={
            country
              ? t('register.phoneHintIn', {
                  country:
                    new Intl.DisplayNames([locale], { type: 'region' }).of(country) ?? country,
                })
              : t('register.phoneHint')
          }
        />
        <TextField
          label={t('details.field.email')}
          name="email"
          type="email"
          error={errors.email}
        />
        <TextField
          label={t('details.field.national_id')}
          name="national_id"
          error={errors.national_id}
        />
        <TextField label={t('register.village')} name="village" error={errors.village} />
        <TextField label={t('register.city')} name="city" error={errors.city} />
        <TextField
          label={t('details.field.preferred_language')}
          name="preferred_language"
          error={errors.preferred_language}
        />
        {errors.form && (
          <p role="alert" className="text-red-800 sm:col-span-2">
            {errors.form}
          </p>
        )}
        {duplicates.length > 0 && (
          <div
            role="alert"
            className="rounded-lg border border-amber-600 bg-amber-50 p-4 sm:col-span-2"
          >
            <p className="font-medium">{t('register.lookAlike')}</p>
            <ul className="my-2 space-y-1">
              {duplicates.map((patient) => (
                <li key={patient.patient_id}>
                  <Link to={`/patients/${patient.patient_id}`} className="underline">
                    {patient.full_name}, {patient.mrn},{' '}
                    {patient.date_of_birth ? format.calendarDay(patient.date_of_birth) : ''}{' '}
                    {patient.phone ? phoneText(patient.phone) : ''}
                  </Link>
                </li>
              ))}
            </ul>
            <button
              type="button"
              className={secondaryButtonClass}
              onClick={(event) => {
                const form = event.currentTarget.form;
                if (form) void register(form, true);
              }}
            >
              {t('register.differentPerson')}
            </button>
          </div>
        )}
        <FormFooter submit={t('register.submit')} />
      </form>
    </section>
  );
}
