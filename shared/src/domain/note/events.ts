import { z } from 'zod';
import { isoDateTime, optionalLink, requiredText, sha256Field, uuidField } from '../fields';
import { phrase } from '../../refusals';

export const noteBody = requiredText('Note', 20_000);
export const noteRevision = z
  .number({ message: phrase('note.revisionNumber') })
  .int({ message: phrase('note.revisionWhole') })
  .min(1, { message: phrase('note.revisionAtLeastOne') });

export const noteDraftedSchema = z.object({
  patient_id: uuidField,
  visit_id: optionalLink,
  author_id: uuidField,
  body: noteBody,
  drafted_at: isoDateTime,
});
/** `revision` is the note's revision after this edit: the draft is 1, each edit adds 1. */
export const noteEditedSchema = z.object({
  body: noteBody,
  revision: noteRevision,
  edited_at: isoDateTime,
});
/** `content_sha256` is the signer's device's SHA-256 of the body at `revision`. */
export const noteSignedSchema = z.object({
  signed_by: uuidField,
  signed_at: isoDateTime,
  content_sha256: sha256Field,
  revision: noteRevision,
});
export const noteAddendumAddedSchema = z.object({
  addendum_id: uuidField,
  body: noteBody,
  author_id: uuidField,
  added_at: isoDateTime,
});

export type NoteSignature = z.infer<typeof noteSignedSchema>;
export type NoteAddendum = z.infer<typeof noteAddendumAddedSchema>;

export interface NoteState {
  exists: boolean;
  patient_id: string | null;
  visit_id: string | null;
  author_id: string | null;
  body: string | null;
  revision: number;
  /** Once set the body never changes again; addenda follow instead. */
  signature: NoteSignature | null;
  addenda: NoteAddendum[];
}

export const initialNoteState: NoteState = {
  exists: false,
  patient_id: null,
  visit_id: null,
  author_id: null,
  body: null,
  revision: 0,
  signature: null,
  addenda: [],
};
