import { z } from 'zod';
import type { CommandContext } from '../../kernel/decider';
import { DomainError } from '../../kernel/errors';
import { optionalLink, sha256Field, uuidField } from '../fields';
import { noteBody, noteRevision, type NoteState } from './events';
import { refusal } from '../../refusals';

export const draftNotePayload = z.object({
  patient_id: uuidField,
  visit_id: optionalLink,
  body: noteBody,
});
/** `based_on_revision`: the revision the author was looking at when they edited. */
export const editNotePayload = z.object({ body: noteBody, based_on_revision: noteRevision });
/**
 * The device hashes the body it shows (the stored, trimmed body, see `sha256Hex`); decide
 * hashes the body the note holds and refuses a digest of any other text, so a signature
 * always attests the recorded body. With `based_on_revision` the signature is refused
 * as a conflict when the body changed since the signer read it.
 */
export const signNotePayload = z.object({
  content_sha256: sha256Field,
  based_on_revision: noteRevision.optional(),
});
export const addNoteAddendumPayload = z.object({ addendum_id: uuidField, body: noteBody });

export function requireNote(state: NoteState): void {
  if (!state.exists) throw new DomainError('not_found', refusal('note.notFound'));
}

/** A signed note is a legal record: its body is never changed. */
export function requireDraft(state: NoteState): void {
  requireNote(state);
  if (state.signature) {
    throw new DomainError('illegal_state', refusal('note.signed'));
  }
}

export function requireAuthor(
  state: NoteState,
  context: CommandContext,
  action: 'edit' | 'sign',
): void {
  if (context.actor.user_id !== state.author_id) {
    throw new DomainError(
      'forbidden',
      refusal(action === 'edit' ? 'note.onlyAuthorEdits' : 'note.onlyAuthorSigns'),
    );
  }
}

/** The current body beside the one wanted, for the conflicts inbox. */
export function revisionConflict(state: NoteState, based_on_revision: number, body: string | null) {
  return new DomainError(
    'conflict',
    refusal('note.changedMeanwhile', { revision: state.revision, seen: based_on_revision }),
    {
      current: { revision: state.revision, body: state.body },
      wanted: { based_on_revision, body },
    },
  );
}
