import { isDomainError, type FieldConflict } from '@mymedic/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useClinic } from '../../app/clinic';
import type { ConflictRecord } from '../../engine/db';
import { execute } from '../../engine/engine';
import { buttonClass, secondaryButtonClass } from '../../ui/Field';

const show = (value: unknown) =>
  value === null || value === undefined
    ? '(empty)'
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);

/** Every refused change, with both sides, until someone decides: redo mine, or keep theirs. */
export default function Conflicts() {
  const { db, actor } = useClinic();
  const conflicts = useLiveQuery(
    () => db.conflicts.orderBy('created_at').reverse().toArray(),
    [db],
  );
  const [message, setMessage] = useState<string | null>(null);

  async function resolve(conflict: ConflictRecord, choice: 'redo' | 'discard') {
    try {
      if (choice === 'redo') {
        const fields =
          (conflict.error.details as { fields?: FieldConflict[] } | undefined)?.fields ?? [];
        const changes = Object.fromEntries(
          fields.map((field) => [field.field, { from: field.current, to: field.wanted }]),
        );
        await execute(db, actor, {
          type: conflict.command.type,
          aggregate_type: conflict.command.aggregate_type,
          aggregate_id: conflict.command.aggregate_id,
          payload: fields.length > 0 ? { changes } : conflict.command.payload,
        });
      }
      await db.conflicts.update(conflict.command_id, {
        resolution: { choice, resolved_at: new Date().toISOString(), user_id: actor.userId },
      });
      setMessage(choice === 'redo' ? 'Your change was applied again' : 'Kept the other change');
    } catch (error) {
      if (!isDomainError(error)) throw error;
      setMessage(error.message);
    }
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
        {open.map((conflict) => {
          const fields =
            (conflict.error.details as { fields?: FieldConflict[] } | undefined)?.fields ?? [];
          return (
            <li key={conflict.command_id} className="rounded-xl bg-white p-4 shadow">
              <p className="font-medium">
                {conflict.command.type} ·{' '}
                {conflict.kind === 'rejected'
                  ? 'refused by the server'
                  : 'changed meanwhile elsewhere'}
              </p>
              <p className="text-slate-700">{conflict.error.message}</p>
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
                        <th scope="row">{field.field.replace(/_/g, ' ')}</th>
                        <td>{show(field.seen)}</td>
                        <td>{show(field.current)}</td>
                        <td>{show(field.wanted)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <div className="flex flex-wrap gap-2">
                <button
                  type="button"
                  className={buttonClass}
                  onClick={() => void resolve(conflict, 'redo')}
                >
                  Apply my change
                </button>
                <button
                  type="button"
                  className={secondaryButtonClass}
                  onClick={() => void resolve(conflict, 'discard')}
                >
                  Keep the other change
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
