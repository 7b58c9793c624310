import { uuidv7, type ConflictChoice } from '@mymedic/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useClinic } from '../../app/clinic';
import { useCommands } from '../../app/commands';
import { fieldConflicts, label, show } from '../../engine/conflicts';
import type { ConflictRecord } from '../../engine/db';
import type { CommandInput } from '../../engine/execute';
import { buttonClass, formText, TextField } from '../../ui/Field';
import { ChoiceButtons } from '../../ui/ChoiceButtons';
import { Form, SubmitOrKeep } from '../../ui/Form';
import { SlotFields, slotStart } from '../appointments/SlotFields';
import {
  clinicTime,
  describeAuthorship,
  readConflictContext,
  type ConflictContext,
} from './context';

const outcomeWords: Record<ConflictChoice, string> = {
  redo: 'Your change was applied again',
  merge: 'The merged values were saved',
  discard: 'Kept the other change',
  keep_both: 'Kept both',
};

/** Settles the conflict: the choice, the merged values, a command instead of the refused one. */
type Resolve = (
  choice: ConflictChoice,
  merged?: Record<string, unknown>,
  instead?: CommandInput,
) => Promise<void>;

/** "UpdatePatientDetails" as a person says it: "Update patient details". */
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
  const wanted = conflict.command.payload as { starts_at?: string };
  const suffix = conflict.command_id.slice(-8);
  const timeZone = context?.timeZone ?? 'UTC';
  const holder = context?.holder;

  function move(form: FormData) {
    const startsAt = slotStart(form);
    if (startsAt) void onResolve('redo', { starts_at: startsAt.toISOString() });
  }

  const start = new Date(clash.starts_at);
  const end = new Date(start.getTime() + clash.duration_minutes * 60_000);
  const endTime = clinicTime(end.toISOString(), timeZone).split(', ').at(-1);
  return (
    <div className="space-y-3">
      <p>
        {holder?.doctorName ?? 'The doctor'} is booked {clinicTime(clash.starts_at, timeZone)}–
        {endTime} with {holder?.patientName ?? 'another patient'}
        {holder?.at ? ` (booked by ${describeAuthorship(holder, timeZone)})` : ''}.
        {wanted.starts_at && ` This booking wanted ${clinicTime(wanted.starts_at, timeZone)}.`}{' '}
        <span className="text-slate-600">Times in {timeZone}.</span>
      </p>
      <Form onSubmit={move} label="Move the booking" className="grid gap-3 sm:grid-cols-3">
        <SlotFields at={start} timeAt={end} labelWord="New" idSuffix={suffix} />
        <div className="self-end">
          <button type="submit" className={buttonClass}>
            Move to this time
          </button>
        </div>
      </Form>
      <ChoiceButtons
        choices={[
          {
            label: 'Keep both as an intended overbooking',
            onChoose: () => void onResolve('keep_both', { overbooking_intended: true }),
          },
          { label: 'Cancel this booking', onChoose: () => void onResolve('discard') },
        ]}
      />
    </div>
  );
}

function ConflictCard({ conflict, onResolve }: { conflict: ConflictRecord; onResolve: Resolve }) {
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
        {context?.patientName ? `${context.patientName}: ` : ''}
        {commandWords(conflict.command.type)} ·{' '}
        {conflict.kind === 'rejected' ? 'refused by the server' : 'changed meanwhile elsewhere'}
      </h2>
      <p className="text-slate-700">{conflict.error.message}</p>
      {context?.otherChange && !context.holder && (
        <p className="text-slate-700">
          The other change: {describeAuthorship(context.otherChange, context.timeZone)} (
          {context.timeZone}).
        </p>
      )}
      {fields.length > 0 && (
        <table className="my-2 w-full text-left">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">You saw</th>
              <th scope="col">Now on the server</th>
              <th scope="col">Your change</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((field) => (
              <tr key={field.field}>
                <th scope="row">{label(field.field)}</th>
                <td>{show(field.seen)}</td>
                <td>{show(field.current)}</td>
                <td>{show(field.wanted)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {signedNoteEdit ? (
        <ChoiceButtons
          choices={[
            {
              label: 'Add my text as an addendum',
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
            { label: 'Discard my edit', onChoose: () => void onResolve('discard') },
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
        <Form onSubmit={saveMerge} className="space-y-3" label="Merge the values">
          {fields.map((field) => (
            <TextField
              key={field.field}
              label={`Merged ${label(field.field)}`}
              name={`${conflict.command_id}-${field.field}`}
              defaultValue={typeof field.wanted === 'string' ? field.wanted : ''}
            />
          ))}
          <SubmitOrKeep
            submit="Save merged values"
            onKeep={() => setMerging(false)}
            keepLabel="Back"
          />
        </Form>
      ) : (
        <ChoiceButtons
          choices={[
            { label: 'Apply my change', primary: true, onChoose: () => void onResolve('redo') },
            fields.length > 0 && { label: 'Merge', onChoose: () => setMerging(true) },
            { label: 'Keep the other change', onChoose: () => void onResolve('discard') },
          ]}
        />
      )}
    </li>
  );
}

/** Every refused change, with both sides, until someone decides: redo, merge or discard. */
export default function Conflicts() {
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
    await commands.resolve(conflict, choice, (recorded) => outcomeWords[recorded], merged, instead);
  }

  const open = conflicts?.filter((conflict) => conflict.resolution === null) ?? [];
  return (
    <section aria-labelledby="conflicts-title" className="space-y-4">
      <h1 id="conflicts-title" className="text-2xl font-semibold">
        Conflicts
      </h1>
      {message && <p role="status">{message}</p>}
      {conflicts !== undefined && open.length === 0 && (
        <p>Nothing to review: every change reached the server.</p>
      )}
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
