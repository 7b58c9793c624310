import { mayIssue, sha256Hex, uuidv7 } from '@mymedic/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClinic } from '../../app/clinic';
import { useCommands } from '../../app/commands';
import { staffName, useStaff } from '../../app/reference';
import { useFormat } from '../../app/useFormat';
import type { CommandInput } from '../../engine/execute';
import type { NoteRow } from '../../engine/db';
import { buttonClass, Feedback, secondaryButtonClass, TextAreaField } from '../../ui/Field';
import { Form } from '../../ui/Form';
import { Panel } from '../../ui/Panel';
import { digestName, useLateSignatureNote } from './signature';

/**
 * Text typed into a note, kept on the device at every keystroke until it is saved as an
 * event: a closed tab, a flat battery or a reload loses nothing.
 */
function useAutosavedText(key: string, initial: string) {
  const { db } = useClinic();
  const stored = useLiveQuery(() => db.drafts.get(key), [db, key]);
  const [text, setText] = useState<string | null>(null);
  useEffect(() => setText(null), [key]);
  const value = text ?? stored?.body ?? initial;
  return {
    value,
    restoredAt: text === null && stored ? stored.saved_at : null,
    change(next: string) {
      setText(next);
      void db.drafts.put({ key, body: next, saved_at: new Date().toISOString() });
    },
    async clear() {
      await db.drafts.delete(key);
      setText(null);
    },
  };
}

/** A text area over autosaved text; its hint says the text is kept, or when it was restored from. */
function AutosavedTextArea({
  label,
  name,
  rows,
  text,
  error,
  hint,
}: {
  label: string;
  name: string;
  rows: number;
  text: ReturnType<typeof useAutosavedText>;
  error: string | undefined;
  hint?: string;
}) {
  const { t } = useTranslation('clinical');
  const format = useFormat();
  return (
    <TextAreaField
      label={label}
      name={name}
      rows={rows}
      value={text.value}
      onChange={(event) => text.change(event.target.value)}
      error={error}
      hint={
        hint ??
        (text.restoredAt
          ? t('notes.restored', { time: format.time(text.restoredAt) })
          : t('notes.kept'))
      }
    />
  );
}

function NoteCard({ note, mine }: { note: NoteRow; mine: boolean }) {
  const { actor } = useClinic();
  const staff = useStaff();
  const { run, errors, message } = useCommands();
  const { t } = useTranslation('clinical');
  const format = useFormat();
  const lateSignatureNote = useLateSignatureNote();
  const draft = useAutosavedText(`note:${note.note_id}`, note.body ?? '');
  const addendum = useAutosavedText(`addendum:${note.note_id}`, '');
  const target = { aggregate_type: 'note' as const, aggregate_id: note.note_id };
  const editable = note.status === 'draft' && mine;
  const changed = draft.value.trim() !== (note.body ?? '');
  const late = note.signature
    ? lateSignatureNote(note.signature.signed_at, note.signature_stored_at)
    : null;

  async function save() {
    if (!changed) return;
    if (
      await run(
        {
          type: 'EditNote',
          ...target,
          payload: { body: draft.value, based_on_revision: note.revision },
        },
        t('notes.draftSaved'),
      )
    )
      await draft.clear();
  }

  async function sign() {
    const body = draft.value.trim();
    // Hash first: the digest is computed outside the transaction that records it.
    const digest = await sha256Hex(body);
    const commands: CommandInput[] = [];
    let revision = note.revision;
    if (changed) {
      commands.push({
        type: 'EditNote',
        ...target,
        payload: { body, based_on_revision: revision },
      });
      revision += 1;
    }
    commands.push({
      type: 'SignNote',
      ...target,
      payload: { content_sha256: digest, based_on_revision: revision },
    });
    if (await run(commands, t('notes.signed'))) await draft.clear();
  }

  async function addAddendum() {
    if (
      await run(
        {
          type: 'AddNoteAddendum',
          ...target,
          payload: { addendum_id: uuidv7(), body: addendum.value },
        },
        t('notes.addendumAdded'),
      )
    )
      await addendum.clear();
  }

  const idSuffix = note.note_id.slice(-8);
  return (
    <li className="space-y-2 rounded-lg border border-slate-300 p-3">
      <p className="text-sm text-slate-700">
        {note.status === 'signed'
          ? t('notes.bySigned', { who: staffName(staff, note.author_id) })
          : t('notes.byDraft', { who: staffName(staff, note.author_id), revision: note.revision })}
        {note.pending === 1 && <span className="text-amber-800"> · {t('notSynced')}</span>}
      </p>
      {editable ? (
        <>
          <AutosavedTextArea
            label={t('notes.note')}
            name={`note-${idSuffix}`}
            rows={6}
            text={draft}
            error={errors.body}
          />
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              className={secondaryButtonClass}
              onClick={() => void save()}
              disabled={!changed}
            >
              {t('notes.saveDraft')}
            </button>
            {mayIssue(actor.roles, 'SignNote') && (
              <button type="button" className={buttonClass} onClick={() => void sign()}>
                {t('notes.sign')}
              </button>
            )}
          </div>
        </>
      ) : (
        <p className="whitespace-pre-wrap">{note.body}</p>
      )}
      {note.signature && (
        <p className="text-sm">
          {t('signedByOn', {
            who: staffName(staff, note.signature.signed_by),
            when: format.dateTime(note.signature.signed_at),
          })}
          {late && <strong className="text-amber-800"> · {late}</strong>} · {digestName}{' '}
          <span className="font-mono break-all">{note.signature.content_sha256}</span>
        </p>
      )}
      {note.addenda.map((entry) => (
        <div key={entry.addendum_id} className="border-l-4 border-teal-700 pl-3">
          <p className="text-sm text-slate-700">
            {t('notes.addendumBy', {
              who: staffName(staff, entry.author_id),
              when: format.dateTime(entry.added_at),
            })}
          </p>
          <p className="whitespace-pre-wrap">{entry.body}</p>
        </div>
      ))}
      {note.status === 'signed' && mayIssue(actor.roles, 'AddNoteAddendum') && (
        <Form onSubmit={addAddendum} label={t('notes.addendumForm')} className="space-y-2">
          <AutosavedTextArea
            label={t('notes.addendum')}
            name={`addendum-${idSuffix}`}
            rows={3}
            text={addendum}
            error={errors.body}
            hint={t('notes.addendumHint')}
          />
          <button type="submit" className={secondaryButtonClass}>
            {t('notes.addAddendum')}
          </button>
        </Form>
      )}
      <Feedback message={message} error={errors.form} />
    </li>
  );
}

/** The visit's clinical notes: drafts autosave, a doctor signs, addenda follow. */
export function NotesPanel({ patientId, visitId }: { patientId: string; visitId: string | null }) {
  const { db, actor } = useClinic();
  const { run, errors, message } = useCommands();
  const { t } = useTranslation('clinical');
  const notes =
    useLiveQuery(
      () =>
        visitId
          ? db.notes.where('visit_id').equals(visitId).toArray()
          : db.notes.where('patient_id').equals(patientId).toArray(),
      [db, patientId, visitId],
    ) ?? [];
  const fresh = useAutosavedText(`new-note:${visitId ?? patientId}`, '');

  async function start() {
    if (
      await run(
        {
          type: 'DraftNote',
          aggregate_type: 'note',
          aggregate_id: uuidv7(),
          payload: { patient_id: patientId, visit_id: visitId, body: fresh.value },
        },
        t('notes.draftSaved'),
      )
    )
      await fresh.clear();
  }

  return (
    <Panel id="notes-title" title={t('notes.title')}>
      <ul className="space-y-3">
        {notes.map((note) => (
          <NoteCard key={note.note_id} note={note} mine={note.author_id === actor.userId} />
        ))}
      </ul>
      {mayIssue(actor.roles, 'DraftNote') && (
        <Form onSubmit={start} label={t('notes.writeForm')} className="space-y-2">
          <AutosavedTextArea
            label={t('notes.newNote')}
            name="new-note"
            rows={5}
            text={fresh}
            error={errors.body}
          />
          <button type="submit" className={buttonClass}>
            {t('notes.saveAsDraft')}
          </button>
          <Feedback message={message} error={errors.form} />
        </Form>
      )}
    </Panel>
  );
}
