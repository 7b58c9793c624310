import {
  defineAggregate,
  mustNotExist,
  type CommandsOf,
  type EventsOf,
} from '../../kernel/aggregate';
import { DomainError } from '../../kernel/errors';
import { doctors } from '../../kernel/roles';
import { requireDigestOf } from '../fields';
import {
  addNoteAddendumPayload,
  draftNotePayload,
  editNotePayload,
  requireAuthor,
  requireDraft,
  requireNote,
  revisionConflict,
  signNotePayload,
} from './commands';
import {
  initialNoteState,
  noteAddendumAddedSchema,
  noteDraftedSchema,
  noteEditedSchema,
  noteSignedSchema,
} from './events';
import { refusal } from '../../refusals';

export const noteAggregate = defineAggregate('note', 'rebase', initialNoteState).with({
  events: {
    NoteDrafted: {
      schema: noteDraftedSchema,
      evolve: (state, { patient_id, visit_id, author_id, body }) => ({
        ...state,
        exists: true,
        patient_id,
        visit_id,
        author_id,
        body,
        revision: 1,
      }),
      clinical: ['body'],
    },
    NoteEdited: {
      schema: noteEditedSchema,
      evolve: (state, { body, revision }) => ({ ...state, body, revision }),
      clinical: ['body'],
    },
    NoteSigned: {
      schema: noteSignedSchema,
      evolve: (state, signature) => ({ ...state, signature }),
      clinical: ['content_sha256'],
    },
    NoteAddendumAdded: {
      schema: noteAddendumAddedSchema,
      evolve: (state, addendum) => ({ ...state, addenda: [...state.addenda, addendum] }),
      clinical: ['body'],
    },
  },
  commands: {
    DraftNote: {
      payload: draftNotePayload,
      label: 'Note',
      creates: true,
      issuedBy: doctors,
      requires: mustNotExist(refusal('note.alreadyExists')),
      decide: (note, _state, context) => [
        {
          type: 'NoteDrafted',
          data: { ...note, author_id: context.actor.user_id, drafted_at: context.issued_at },
        },
      ],
    },
    EditNote: {
      payload: editNotePayload,
      label: 'Note',
      issuedBy: doctors,
      requires(state, context) {
        requireDraft(state);
        requireAuthor(state, context, 'edit');
      },
      decide({ body, based_on_revision }, state, context) {
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
      },
    },
    // Signing is a doctor's alone: a note is signed, and a prescription issued, by a doctor.
    SignNote: {
      payload: signNotePayload,
      label: 'Signature',
      issuedBy: doctors,
      requires(state, context) {
        requireDraft(state);
        requireAuthor(state, context, 'sign');
      },
      decide({ content_sha256, based_on_revision }, state, context) {
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
      },
    },
    AddNoteAddendum: {
      payload: addNoteAddendumPayload,
      label: 'Addendum',
      issuedBy: doctors,
      requires(state) {
        requireNote(state);
        if (!state.signature) {
          throw new DomainError('illegal_state', refusal('note.stillDraft'));
        }
      },
      decide({ addendum_id, body }, state, context) {
        if (state.addenda.some((known) => known.addendum_id === addendum_id)) {
          throw new DomainError('illegal_state', refusal('note.addendumAlreadyAdded'));
        }
        return [
          {
            type: 'NoteAddendumAdded',
            data: {
              addendum_id,
              body,
              author_id: context.actor.user_id,
              added_at: context.issued_at,
            },
          },
        ];
      },
    },
  },
});

export type NoteEvent = EventsOf<typeof noteAggregate>;
export type NoteCommand = CommandsOf<typeof noteAggregate>;
