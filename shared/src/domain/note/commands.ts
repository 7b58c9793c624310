import { z } from 'zod';
import type { CommandContext, CommandDefinition, Decider } from '../../kernel/decider';
import { DomainError } from '../../kernel/errors';
import { parseOrThrow } from '../../kernel/validate';
import { optionalLink, requireDigestOf, sha256Field, uuidField } from '../fields';
import {
  evolveNote,
  initialNoteState,
  noteBody,
  noteRevision,
  type NoteEvent,
  type NoteState,
} from './events';

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

export type NoteCommand =
  | { type: 'DraftNote'; payload: z.input<typeof draftNotePayload> }
  | { type: 'EditNote'; payload: z.input<typeof editNotePayload> }
  | { type: 'SignNote'; payload: z.input<typeof signNotePayload> }
  | { type: 'AddNoteAddendum'; payload: z.input<typeof addNoteAddendumPayload> };

function requireNote(state: NoteState): void {
  if (!state.exists) throw new DomainError('not_found', 'No such note');
}

/** A signed note is a legal record: its body is never changed. */
function requireDraft(state: NoteState): void {
  requireNote(state);
  if (state.signature) {
    throw new DomainError('illegal_state', 'The note is signed; add an addendum instead');
  }
}

function requireAuthor(state: NoteState, context: CommandContext, action: string): void {
  if (context.actor.user_id !== state.author_id) {
    throw new DomainError('forbidden', `Only the note's author can ${action} it`);
  }
}

/** The current body beside the one wanted, for the conflicts inbox. */
function revisionConflict(state: NoteState, based_on_revision: number, body: string | null) {
  return new DomainError(
    'conflict',
    `The note changed meanwhile (revision ${state.revision}, you saw ${based_on_revision})`,
    {
      current: { revision: state.revision, body: state.body },
      wanted: { based_on_revision, body },
    },
  );
}

export function draftNote(
  payload: unknown,
  state: NoteState,
  context: CommandContext,
): NoteEvent[] {
  if (state.exists) throw new DomainError('illegal_state', 'The note already exists');
  const note = parseOrThrow(draftNotePayload, payload, 'Note');
  return [
    {
      type: 'NoteDrafted',
      data: { ...note, author_id: context.actor.user_id, drafted_at: context.issued_at },
    },
  ];
}

export function editNote(payload: unknown, state: NoteState, context: CommandContext): NoteEvent[] {
  requireDraft(state);
  requireAuthor(state, context, 'edit');
  const { body, based_on_revision } = parseOrThrow(editNotePayload, payload, 'Note');
  if (based_on_revision !== state.revision) {
    throw revisionConflict(state, based_on_revision, body);
  }
  if (body === state.body) return [];
  return [
    {
      type: 'NoteEdited',
      data: { body, revision: state.revision + 1, edited_at: context.issued_at },
    },
  ];
}

export function signNote(payload: unknown, state: NoteState, context: CommandContext): NoteEvent[] {
  requireDraft(state);
  requireAuthor(state, context, 'sign');
  const { content_sha256, based_on_revision } = parseOrThrow(signNotePayload, payload, 'Signature');
  if (based_on_revision !== undefined && based_on_revision !== state.revision) {
    throw revisionConflict(state, based_on_revision, null);
  }
  requireDigestOf(state.body ?? '', content_sha256, "the note's body");
  return [
    {
      type: 'NoteSigned',
      data: {
        signed_by: context.actor.user_id,
        signed_at: context.issued_at,
        content_sha256,
        revision: state.revision,
      },
    },
  ];
}

export function addNoteAddendum(
  payload: unknown,
  state: NoteState,
  context: CommandContext,
): NoteEvent[] {
  requireNote(state);
  if (!state.signature) {
    throw new DomainError('illegal_state', 'The note is still a draft; edit it instead');
  }
  const { addendum_id, body } = parseOrThrow(addNoteAddendumPayload, payload, 'Addendum');
  if (state.addenda.some((known) => known.addendum_id === addendum_id)) {
    throw new DomainError('illegal_state', 'That addendum is already added');
  }
  return [
    {
      type: 'NoteAddendumAdded',
      data: { addendum_id, body, author_id: context.actor.user_id, added_at: context.issued_at },
    },
  ];
}

export const noteDecider: Decider<NoteState, NoteCommand, NoteEvent> = {
  aggregateType: 'note',
  policy: 'rebase',
  initialState: initialNoteState,
  evolve: evolveNote,
  decide(command, state, context) {
    switch (command.type) {
      case 'DraftNote':
        return draftNote(command.payload, state, context);
      case 'EditNote':
        return editNote(command.payload, state, context);
      case 'SignNote':
        return signNote(command.payload, state, context);
      case 'AddNoteAddendum':
        return addNoteAddendum(command.payload, state, context);
      default: {
        const unknown: never = command;
        throw new DomainError(
          'validation',
          `Unknown command ${(unknown as { type: string }).type}`,
        );
      }
    }
  },
};

export const noteCommandDefinitions: CommandDefinition[] = [
  { type: 'DraftNote', aggregateType: 'note', payload: draftNotePayload, creates: true },
  { type: 'EditNote', aggregateType: 'note', payload: editNotePayload, creates: false },
  { type: 'SignNote', aggregateType: 'note', payload: signNotePayload, creates: false },
  {
    type: 'AddNoteAddendum',
    aggregateType: 'note',
    payload: addNoteAddendumPayload,
    creates: false,
  },
];
