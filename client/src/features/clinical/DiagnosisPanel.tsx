import { mayIssue, uuidv7, type VisitState } from '@mymedic/shared';
import { useMemo, useState } from 'react';
import { useClinic } from '../../app/clinic';
import { useCommands } from '../../app/commands';
import type { VisitRow } from '../../engine/db';
import {
  Feedback,
  formText,
  secondaryButtonClass,
  SearchField,
  SelectField,
  TextAreaField,
  TextField,
} from '../../ui/Field';
import { Form, FormFooter } from '../../ui/Form';
import { Panel } from '../../ui/Panel';
import { PickList } from '../../ui/PickList';
import { searchIcd10, useIcd10Catalogue, type CatalogueState } from './icd10/catalogue';

const catalogueHints: Record<CatalogueState, string> = {
  'common-only': 'Search common codes, or type any ICD-10 code',
  loading: 'Common codes now; the full ICD-10-CM list is loading',
  ready: 'Search all ICD-10-CM codes by code or words, or type any code',
  failed: 'Common codes only: the full list loads once the device is online',
};

/** Diagnoses (ICD-10-CM, searchable offline from the full list) and the treatment plan. */
export function DiagnosisPanel({ visit }: { visit: VisitRow }) {
  const { actor } = useClinic();
  const { run, errors, message } = useCommands();
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<{ code: string; title: string } | null>(null);
  const may = mayIssue(actor.roles, 'RecordDiagnosis') && visit.status === 'in_consultation';
  const target = { aggregate_type: 'visit' as const, aggregate_id: visit.visit_id };
  const catalogue = useIcd10Catalogue();
  const found = useMemo(
    () => (chosen ? [] : searchIcd10(query)),
    // The full list arriving answers the same query anew.
    [chosen, query, catalogue],
  );

  async function addDiagnosis(form: FormData, element: HTMLFormElement) {
    const code = chosen?.code ?? query.trim();
    const added = await run(
      {
        type: 'RecordDiagnosis',
        ...target,
        payload: {
          diagnosis_id: uuidv7(),
          code,
          description: formText(form, 'description') || chosen?.title || '',
          kind: formText(form, 'kind'),
        },
      },
      `Diagnosis ${code.toUpperCase()} recorded`,
    );
    if (added) {
      // A typed description (free code) is in no state to clear: the form empties it.
      element.reset();
      setQuery('');
      setChosen(null);
    }
  }

  async function setPlan(form: FormData) {
    const days = formText(form, 'follow_up_in_days').trim();
    await run(
      {
        type: 'SetTreatmentPlan',
        ...target,
        payload: {
          plan: formText(form, 'plan'),
          follow_up_in_days: days === '' ? null : Number(days),
        },
      },
      'Treatment plan saved',
    );
  }

  const diagnoses: VisitState['diagnoses'] = visit.diagnoses;
  return (
    <Panel id="diagnosis-title" title="Diagnoses and treatment plan" className="space-y-4">
      <ul className="space-y-1">
        {diagnoses.map((diagnosis) => (
          <li key={diagnosis.diagnosis_id} className="flex flex-wrap items-center gap-2">
            <span className="font-mono font-semibold">{diagnosis.code}</span>{' '}
            {diagnosis.description} ({diagnosis.kind})
            {may && (
              <button
                type="button"
                className={secondaryButtonClass}
                onClick={() =>
                  void run(
                    {
                      type: 'RemoveDiagnosis',
                      ...target,
                      payload: { diagnosis_id: diagnosis.diagnosis_id },
                    },
                    'Diagnosis removed',
                  )
                }
              >
                Remove {diagnosis.code}
              </button>
            )}
          </li>
        ))}
        {diagnoses.length === 0 && <li className="text-slate-700">No diagnosis yet.</li>}
      </ul>
      {may && (
        <Form onSubmit={addDiagnosis} label="Add a diagnosis" className="grid gap-3 sm:grid-cols-2">
          <div className="sm:col-span-2">
            <SearchField
              label="ICD-10 code or words"
              name="icd10-query"
              type="text"
              value={chosen ? `${chosen.code} ${chosen.title}` : query}
              onText={(text) => {
                setChosen(null);
                setQuery(text);
              }}
              error={errors.code}
              hint={catalogueHints[catalogue]}
            />
            <PickList
              label="Matching codes"
              items={found}
              keyOf={(entry) => entry.code}
              onPick={setChosen}
            >
              {(entry) => (
                <>
                  <span className="font-mono font-semibold">{entry.code}</span> {entry.title}
                </>
              )}
            </PickList>
          </div>
          <TextField
            label="Description"
            name="description"
            key={chosen?.code ?? 'free'}
            defaultValue={chosen?.title ?? ''}
            error={errors.description}
          />
          <SelectField
            label="Kind"
            name="kind"
            // A new form after each diagnosis added: primary first, then secondary.
            key={diagnoses.length}
            defaultValue={
              diagnoses.some((diagnosis) => diagnosis.kind === 'primary') ? 'secondary' : 'primary'
            }
          >
            <option value="primary">Primary</option>
            <option value="secondary">Secondary</option>
          </SelectField>
          <FormFooter submit="Add diagnosis" />
        </Form>
      )}
      {visit.treatment_plan && (
        <div>
          <h3 className="font-medium">Treatment plan</h3>
          <p className="whitespace-pre-wrap">{visit.treatment_plan.plan}</p>
          {visit.treatment_plan.follow_up_in_days !== null && (
            <p>Follow up in {visit.treatment_plan.follow_up_in_days} days.</p>
          )}
        </div>
      )}
      {may && (
        <Form
          onSubmit={setPlan}
          label="Set the treatment plan"
          className="grid gap-3 sm:grid-cols-2"
        >
          <div className="sm:col-span-2">
            <TextAreaField
              label="Treatment plan"
              name="plan"
              defaultValue={visit.treatment_plan?.plan ?? ''}
              error={errors.plan}
            />
          </div>
          <TextField
            label="Follow up in days"
            name="follow_up_in_days"
            inputMode="numeric"
            defaultValue={visit.treatment_plan?.follow_up_in_days ?? ''}
            error={errors.follow_up_in_days}
          />
          <FormFooter submit="Save treatment plan" />
        </Form>
      )}
      <Feedback message={message} error={errors.form} />
    </Panel>
  );
}
