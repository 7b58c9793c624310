import { useTranslation } from 'react-i18next';
import type { Visit } from '../model/api';
import { useAnswer } from '../model/answers';
import { usePortalFormat } from '../model/clock';
import { useSession } from '../model/state';
import { Card, Nothing, Screen } from '../parts/Screen';

/** The plan's text and its follow-up, whichever shape the server keeps it in. */
function planOf(
  plan: Visit['treatment_plan'],
): { text: string; followUpDays: number | null } | null {
  if (!plan) return null;
  if (typeof plan === 'string') return { text: plan, followUpDays: null };
  return { text: plan.plan, followUpDays: plan.follow_up_in_days ?? null };
}

function VisitCard({ visit }: { visit: Visit }) {
  const { t } = useTranslation('portal');
  const formats = usePortalFormat();
  const plan = planOf(visit.treatment_plan);
  const day = visit.completed_at ?? visit.started_at;
  return (
    <Card>
      <h2 className="text-xl font-semibold">{day ? formats.longDate(day) : t('visits.visit')}</h2>
      {visit.doctor_name && (
        <p className="text-base text-slate-700">{t('visits.with', { name: visit.doctor_name })}</p>
      )}
      <h3 className="mt-3 font-semibold">{t('visits.diagnosis')}</h3>
      {visit.diagnoses.length === 0 ? (
        <p className="text-base text-slate-700">{t('visits.noneRecorded')}</p>
      ) : (
        <ul className="list-disc pl-6 text-base">
          {visit.diagnoses.map((diagnosis) => (
            <li key={`${diagnosis.code}-${diagnosis.description}`}>
              {diagnosis.description} <span className="text-slate-600">({diagnosis.code})</span>
            </li>
          ))}
        </ul>
      )}
      <h3 className="mt-3 font-semibold">{t('visits.treatmentPlan')}</h3>
      {plan ? (
        <>
          <p className="text-base break-words whitespace-pre-line">{plan.text}</p>
          {plan.followUpDays && (
            <p className="mt-1 text-base font-medium">
              {t('visits.comeBack', { count: plan.followUpDays })}
            </p>
          )}
        </>
      ) : (
        <p className="text-base text-slate-700">{t('visits.noneRecorded')}</p>
      )}
    </Card>
  );
}

/** Past visits, newest first: what was found and what to do. */
export function VisitsScreen() {
  const { t } = useTranslation('portal');
  const session = useSession();
  const view = useAnswer('visits', session);
  return (
    <Screen title={t('visits.title')} view={view}>
      {({ visits }) =>
        visits.length === 0 ? (
          <Nothing>{t('visits.none')}</Nothing>
        ) : (
          <div className="space-y-3">
            {[...visits]
              .sort(
                (a, b) =>
                  Date.parse(b.completed_at ?? b.started_at ?? '') -
                  Date.parse(a.completed_at ?? a.started_at ?? ''),
              )
              .map((visit) => (
                <VisitCard key={visit.visit_id} visit={visit} />
              ))}
          </div>
        )
      }
    </Screen>
  );
}
