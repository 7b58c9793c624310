import {
  defineAggregate,
  mustNotExist,
  type CommandsOf,
  type EventsOf,
} from '../../kernel/aggregate';
import { DomainError } from '../../kernel/errors';
import { clinicians, everyone, type Role } from '../../kernel/roles';
import {
  archiveDocumentPayload,
  attachDocumentPayload,
  recategorizeDocumentPayload,
  requireActiveDocument,
  shareDocumentWithPatientPayload,
  stopSharingDocumentPayload,
} from './commands';
import {
  documentArchivedSchema,
  documentAttachedSchema,
  documentRecategorizedSchema,
  documentSharedWithPatientSchema,
  documentSharingStoppedSchema,
  initialDocumentState,
} from './events';
import { refusal } from '../../refusals';

/** Sharing a document with its patient is a clinical act, and an admin's. */
const sharers: readonly Role[] = ['admin', 'doctor', 'nurse'];

/** Document kinds the front desk handles itself (a signed consent form); others are clinical. */
const frontDeskDocuments = new Set(['consent_form']);
const isFrontDeskDocument = (data: unknown) =>
  typeof data === 'object' &&
  data !== null &&
  'category' in data &&
  typeof data.category === 'string' &&
  frontDeskDocuments.has(data.category);

export const documentAggregate = defineAggregate('document', 'rebase', initialDocumentState).with({
  events: {
    DocumentAttached: {
      schema: documentAttachedSchema,
      evolve: (state, document) => ({ ...state, exists: true, document }),
      clinical: (data) =>
        isFrontDeskDocument(data)
          ? []
          : ['title', 'file_name', 'sha256', 'mime_type', 'size_bytes'],
    },
    DocumentRecategorized: {
      schema: documentRecategorizedSchema,
      evolve: (state, { category }) => ({ ...state, document: { ...state.document!, category } }),
    },
    DocumentArchived: {
      schema: documentArchivedSchema,
      evolve: (state) => ({ ...state, archived: true }),
    },
    DocumentSharedWithPatient: {
      schema: documentSharedWithPatientSchema,
      evolve: (state, { shared_at }) => ({ ...state, shared_at }),
    },
    DocumentSharingStopped: {
      schema: documentSharingStoppedSchema,
      evolve: (state) => ({ ...state, shared_at: null }),
    },
  },
  commands: {
    AttachDocument: {
      payload: attachDocumentPayload,
      label: 'Document',
      creates: true,
      issuedBy: everyone,
      requires: mustNotExist(refusal('document.alreadyAttached')),
      decide: (document) => [{ type: 'DocumentAttached', data: document }],
    },
    RecategorizeDocument: {
      payload: recategorizeDocumentPayload,
      label: 'Category',
      issuedBy: clinicians,
      requires: requireActiveDocument,
      decide({ category }, state) {
        if (category === requireActiveDocument(state).category) return [];
        return [{ type: 'DocumentRecategorized', data: { category } }];
      },
    },
    ArchiveDocument: {
      payload: archiveDocumentPayload,
      label: 'Archive',
      issuedBy: clinicians,
      requires: requireActiveDocument,
      decide: ({ reason }, _state, context) => [
        { type: 'DocumentArchived', data: { reason, archived_at: context.issued_at } },
      ],
    },
    // The patient portal shows a shared document; sharing again, or stopping what is not
    // shared, records nothing.
    ShareDocumentWithPatient: {
      payload: shareDocumentWithPatientPayload,
      label: 'Sharing',
      issuedBy: sharers,
      requires: requireActiveDocument,
      decide: (_payload, state, context) =>
        state.shared_at
          ? []
          : [{ type: 'DocumentSharedWithPatient', data: { shared_at: context.issued_at } }],
    },
    StopSharingDocument: {
      payload: stopSharingDocumentPayload,
      label: 'Sharing',
      issuedBy: sharers,
      requires(state) {
        if (!state.exists) throw new DomainError('not_found', refusal('document.notFound'));
      },
      decide: (_payload, state, context) =>
        state.shared_at
          ? [{ type: 'DocumentSharingStopped', data: { stopped_at: context.issued_at } }]
          : [],
    },
  },
});

export type DocumentEvent = EventsOf<typeof documentAggregate>;
export type DocumentCommand = CommandsOf<typeof documentAggregate>;
