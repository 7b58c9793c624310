import { mayIssue, uuidv7, type VisitState } from '@mymedic/shared';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
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

/** The search field's hint, by how much of the code list this device holds. */
const catalogueHints = {
  'common-only': 'diagnosis.hints.commonOnly',
  loading: 'diagnosis.hints.loading',
  ready: 'diagnosis.hints.ready',
  failed: 'diagnosis.hints.failed',
} as const satisfies Record<CatalogueState, string>;

/** Diagnoses (ICD-10-CM, searchable offline from the full list) and the treatment plan. */
export function DiagnosisPanel({ visit }: { visit: VisitRow }) {
  const { actor } = useClinic();
  const { run, errors, message } = useCommands();
  const { t } = useTranslation('clinical');
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
      t('diagnosis.recorded', { code: code.toUpperCase() }),
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
      t('diagnosis.planSaved'),
    );
  }

  const diagnoses: VisitState['diagnoses'] = visit.diagnoses;
  return (
    <Panel id="diagnosis-title" title={t('diagnosis.title')} className="space-y-4">
      <ul className="space-y-1">
        {diagnoses.map((diagnosis) => (
          <li key={diagnosis.diagnosis_id} className="flex flex-wrap items-center gap-2">
            <span className="font-mono font-semibold">{diagnosis.code}</span>{' '}
            {t('diagnosis.listed', {
              description: diagnosis.description,
              kind: t(`diagnosis.kinds.${diagnosis.kind}`),
            })}
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
                    t('diagnosis.removed'),
                  )
                }
              >
                {t('diagnosis.remove', { code: diagnosis.code })}
              </button>
            )}
          </li>
        ))}
        {diagnoses.length === 0 && <li className="text-slate-700">{t('diagnosis.none')}</li>}
      </ul>
      {may && (
        <Form
          onSubmit={addDiagnosis}
          label={t('diagnosis.addForm')}
          className="grid gap-3 sm:grid-cols-2"
        >
          <div className="sm:col-span-2">
            <SearchField
              label={t('diagnosis.query')}
              name="icd10-query"
              type="text"
              value={chosen ? `${chosen.code} ${chosen.title}` : query}
              onText={(text) => {
                setChosen(null);
                setQuery(text);
              }}
              error={errors.code}
              hint={t(catalogueHints[catalogue])}
            />
            <PickList
              label={t('diagnosis.matching')}
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
            label={t('diagnosis.description')}
            name="description"
            key={chosen?.code ?? 'free'}
            defaultValue={chosen?.title ?? ''}
            error={errors.description}
          />
          <SelectField
            label={t('diagnosis.kind')}
            name="kind"
            // A new form after each diagnosis added: primary first, then secondary.
            key={diagnoses.length}
            defaultValue={
              diagnoses.some((diagnosis) => diagnosis.kind === 'primary') ? 'secondary' : 'primary'
            }
          >
            <option value="primary">{t('diagnosis.kindOptions.primary')}</option>
            <option value="secondary">{t('diagnosis.kindOptions.secondary')}</option>
          </SelectField>
          <FormFooter submit={t('diagnosis.add')} />
        </Form>
      )}
      {visit.treatment_plan && (
        <div>
          <h3 className="font-medium">{t('diagnosis.plan')}</h3>
          <p className="whitespace-pre-wrap">{visit.treatment_plan.plan}</p>
          {visit.treatment_plan.follow_up_in_days !== null && (
            <p>{t('diagnosis.followUp', { count: visit.treatment_plan.follow_up_in_days })}</p>
          )}
        </div>
      )}
      {may && (
        <Form
          onSubmit={setPlan}
          label={t('diagnosis.planForm')}
          className="grid gap-3 sm:grid-cols-2"
        >
          <div className="sm:col-span-2">
            <TextAreaField
              label={t('diagnosis.plan')}
              name="plan"
              defaultValue={visit.treatment_plan?.plan ?? ''}
              error={errors.plan}
            />
          </div>
          <TextField
            label={t('diagnosis.followUpField')}
            name="follow_up_in_days"
            inputMode="numeric"
            defaultValue={visit.treatment_plan?.follow_up_in_days ?? ''}
            error={errors.follow_up_in_days}
          />
          <FormFooter submit={t('diagnosis.savePlan')} />
        </Form>
      )}
      <Feedback message={message} error={errors.form} />
    </Panel>
  );
}
