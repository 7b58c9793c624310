import { uuidv7, type ConflictChoice } from '@mymedic/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClinic } from '../../app/clinic';
import { useCommands } from '../../app/commands';
import { useFormat } from '../../app/useFormat';
import { fieldConflicts, label, show } from '../../engine/conflicts';
import type { ConflictRecord } from '../../engine/db';
import type { CommandInput } from '../../engine/execute';
import { buttonClass, formText, TextField } from '../../ui/Field';
import { ChoiceButtons } from '../../ui/ChoiceButtons';
import { Form, SubmitOrKeep } from '../../ui/Form';
import { SlotFields, slotStart } from '../appointments/SlotFields';
import { describeAuthorship, readConflictContext, type ConflictContext } from './context';
import { sayRefusal } from '../../i18n/refusals';

/** Settles the conflict: the choice, the merged values, a command instead of the refused one. */
type Resolve = (
  choice: ConflictChoice,
  merged?: Record<string, unknown>,
  instead?: CommandInput,
) => Promise<void>;

/** "UpdatePatientDetails" as an English speaker says it, for a type the translations lack. */
const commandWords = (type: string) => {
  const words = type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

interface Clash {
  appointment_id: string;
  patient_id: string;
  starts_at: string;
  duration_minutes: number;
}

/**
 * A booking the server refused because the doctor's time was already taken: move it,
 * keep both on purpose (recorded as an intended overbooking), or cancel it.
 */
function AppointmentChoices({
  conflict,
  clash,
  context,
  onResolve,
}: {
  conflict: ConflictRecord;
  clash: Clash;
  context: ConflictContext | undefined;
  onResolve: Resolve;
}) {
  const { t } = useTranslation('conflicts');
  const format = useFormat();
  const wanted = conflict.command.payload as { starts_at?: string };
  const suffix = conflict.command_id.slice(-8);
  const { timeZone } = format;
  const holder = context?.holder;

  function move(form: FormData) {
    const startsAt = slotStart(form, timeZone);
    if (startsAt) void onResolve('redo', { starts_at: startsAt.toISOString() });
  }

  const start = new Date(clash.starts_at);
  const end = new Date(start.getTime() + clash.duration_minutes * 60_000);
  const booked = {
    doctor: holder?.doctorName ?? t('clash.theDoctor'),
    from: format.dayTime(clash.starts_at),
    to: format.time(end),
    patient: holder?.patientName ?? t('clash.anotherPatient'),
  };
  return (
    <div className="space-y-3">
      <p>
        {holder?.at
          ? t('clash.bookedBy', { ...booked, by: describeAuthorship(holder, t, format) })
          : t('clash.booked', booked)}
        {wanted.starts_at && ` ${t('clash.wanted', { time: format.dayTime(wanted.starts_at) })}`}{' '}
        <span className="text-slate-600">{t('timesIn', { zone: timeZone })}</span>
      </p>
      <Form onSubmit={move} label={t('clash.moveTitle')} className="grid gap-3 sm:grid-cols-3">
        <SlotFields at={start} timeAt={end} zone={timeZone} isNew idSuffix={suffix} />
        <div className="self-end">
          <button type="submit" className={buttonClass}>
            {t('clash.moveSubmit')}
          </button>
        </div>
      </Form>
      <ChoiceButtons
        choices={[
          {
            label: t('clash.keepBoth'),
            onChoose: () => void onResolve('keep_both', { overbooking_intended: true }),
          },
          { label: t('clash.cancelBooking'), onChoose: () => void onResolve('discard') },
        ]}
      />
    </div>
  );
}

function ConflictCard({ conflict, onResolve }: { conflict: ConflictRecord; onResolve: Resolve }) {
  const { t } = useTranslation('conflicts');
  const format = useFormat();
  const { db } = useClinic();
  const context = useLiveQuery(() => readConflictContext(db, conflict), [db, conflict]);
  const fields = fieldConflicts(conflict);
  const [merging, setMerging] = useState(false);
  const clash = (conflict.error.details as { clashes_with?: Clash } | undefined)?.clashes_with;
  // An edit that met a note signed meanwhile: the text can still follow as an addendum.
  const signedNoteEdit =
    conflict.command.type === 'EditNote' && conflict.error.code === 'illegal_state'
      ? show((conflict.command.payload as { body?: unknown }).body)
      : null;
  const headingId = `conflict-${conflict.command_id}`;
  // A field the translations do not name yet shows as the log spells it.
  const fieldName = (field: string) => t(`field.${field}`, { defaultValue: label(field) });
  const shown = (value: unknown) =>
    value === null || value === undefined ? t('card.empty') : show(value);

  function saveMerge(form: FormData) {
    const merged = Object.fromEntries(
      fields.map((field) => {
        const value = formText(form, `${conflict.command_id}-${field.field}`).trim();
        return [field.field, value === '' ? null : value];
      }),
    );
    void onResolve('merge', merged);
  }

  return (
    <li className="rounded-xl bg-white p-4 shadow" aria-labelledby={headingId}>
      <h2 id={headingId} className="font-medium">
        {t(context?.patientName ? 'card.heading' : 'card.headingNoPatient', {
          patient: context?.patientName,
          command: t(`command.${conflict.command.type}`, {
            defaultValue: commandWords(conflict.command.type),
          }),
          kind: t(`card.kind.${conflict.kind}`),
        })}
      </h2>
      <p className="text-slate-700">{sayRefusal(conflict.error)}</p>
      {context?.otherChange && !context.holder && (
        <p className="text-slate-700">
          {t('card.otherChange', {
            who: describeAuthorship(context.otherChange, t, format),
            zone: format.timeZone,
          })}
        </p>
      )}
      {fields.length > 0 && (
        <table className="my-2 w-full text-left">
          <thead>
            <tr>
              <th scope="col">{t('card.field')}</th>
              <th scope="col">{t('card.seen')}</th>
              <th scope="col">{t('card.current')}</th>
              <th scope="col">{t('card.wanted')}</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((field) => (
              <tr key={field.field}>
                <th scope="row">{fieldName(field.field)}</th>
                <td>{shown(field.seen)}</td>
                <td>{shown(field.current)}</td>
                <td>{shown(field.wanted)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {signedNoteEdit ? (
        <ChoiceButtons
          choices={[
            {
              label: t('card.addendum'),
              primary: true,
              onChoose: () =>
                void onResolve(
                  'merge',
                  {},
                  {
                    type: 'AddNoteAddendum',
                    aggregate_type: 'note',
                    aggregate_id: conflict.command.aggregate_id,
                    payload: { addendum_id: uuidv7(), body: signedNoteEdit },
                  },
                ),
            },
            { label: t('card.discardEdit'), onChoose: () => void onResolve('discard') },
          ]}
        />
      ) : clash ? (
        <AppointmentChoices
          conflict={conflict}
          clash={clash}
          context={context}
          onResolve={onResolve}
        />
      ) : merging ? (
        <Form onSubmit={saveMerge} className="space-y-3" label={t('card.mergeTitle')}>
          {fields.map((field) => (
            <TextField
              key={field.field}
              label={t('card.merged', { field: fieldName(field.field) })}
              name={`${conflict.command_id}-${field.field}`}
              defaultValue={typeof field.wanted === 'string' ? field.wanted : ''}
            />
          ))}
          <SubmitOrKeep
            submit={t('card.saveMerged')}
            onKeep={() => setMerging(false)}
            keepLabel={t('card.back')}
          />
        </Form>
      ) : (
        <ChoiceButtons
          choices={[
            { label: t('card.apply'), primary: true, onChoose: () => void onResolve('redo') },
            fields.length > 0 && { label: t('card.merge'), onChoose: () => setMerging(true) },
            { label: t('card.keepOther'), onChoose: () => void onResolve('discard') },
          ]}
        />
      )}
    </li>
  );
}

/** Every refused change, with both sides, until someone decides: redo, merge or discard. */
export default function Conflicts() {
  const { t } = useTranslation('conflicts');
  const { db } = useClinic();
  const conflicts = useLiveQuery(
    () => db.conflicts.orderBy('created_at').reverse().toArray(),
    [db],
  );
  const commands = useCommands();
  // A refused follow-up shows its reason where the outcome would.
  const message = commands.message ?? commands.errors.form;

  async function resolve(
    conflict: ConflictRecord,
    choice: ConflictChoice,
    merged?: Record<string, unknown>,
    instead?: CommandInput,
  ) {
    await commands.resolve(
      conflict,
      choice,
      (recorded) => t(`outcome.${recorded}`),
      merged,
      instead,
    );
  }

  const open = conflicts?.filter((conflict) => conflict.resolution === null) ?? [];
  return (
    <section aria-labelledby="conflicts-title" className="space-y-4">
      <h1 id="conflicts-title" className="text-2xl font-semibold">
        {t('title')}
      </h1>
      {message && <p role="status">{message}</p>}
      {conflicts !== undefined && open.length === 0 && <p>{t('nothingToReview')}</p>}
      <ul className="space-y-4">
        {open.map((conflict) => (
          <ConflictCard
            key={conflict.command_id}
            conflict={conflict}
            onResolve={(choice, merged, instead) => resolve(conflict, choice, merged, instead)}
          />
        ))}
      </ul>
    </section>
  );
}
