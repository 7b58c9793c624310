import { z } from 'zod';
import type { CommandContext, CommandDefinition, Decider } from '../../kernel/decider';
import { DomainError } from '../../kernel/errors';
import { parseOrThrow } from '../../kernel/validate';
import { requiredText } from '../fields';
import {
  documentAttachedSchema,
  documentRecategorizedSchema,
  evolveDocument,
  initialDocumentState,
  type AttachedDocument,
  type DocumentEvent,
  type DocumentState,
} from './events';

/** The file itself travels apart from the event; the event holds what identifies it. */
export const attachDocumentPayload = documentAttachedSchema;
export const recategorizeDocumentPayload = documentRecategorizedSchema;
export const archiveDocumentPayload = z.object({ reason: requiredText('Reason', 500) });

export type DocumentCommand =
  | { type: 'AttachDocument'; payload: z.input<typeof attachDocumentPayload> }
  | { type: 'RecategorizeDocument'; payload: z.input<typeof recategorizeDocumentPayload> }
  | { type: 'ArchiveDocument'; payload: z.input<typeof archiveDocumentPayload> };

function requireActiveDocument(state: DocumentState): AttachedDocument {
  if (!state.exists || !state.document) throw new DomainError('not_found', 'No such document');
  if (state.archived) throw new DomainError('illegal_state', 'The document is archived');
  return state.document;
}

export function attachDocument(payload: unknown, state: DocumentState): DocumentEvent[] {
  if (state.exists) throw new DomainError('illegal_state', 'The document is already attached');
  return [
    { type: 'DocumentAttached', data: parseOrThrow(attachDocumentPayload, payload, 'Document') },
  ];
}

export function recategorizeDocument(payload: unknown, state: DocumentState): DocumentEvent[] {
  const document = requireActiveDocument(state);
  const { category } = parseOrThrow(recategorizeDocumentPayload, payload, 'Category');
  if (category === document.category) return [];
  return [{ type: 'DocumentRecategorized', data: { category } }];
}

export function archiveDocument(
  payload: unknown,
  state: DocumentState,
  context: CommandContext,
): DocumentEvent[] {
  requireActiveDocument(state);
  const { reason } = parseOrThrow(archiveDocumentPayload, payload, 'Archive');
  return [{ type: 'DocumentArchived', data: { reason, archived_at: context.issued_at } }];
}

export const documentDecider: Decider<DocumentState, DocumentCommand, DocumentEvent> = {
  aggregateType: 'document',
  policy: 'rebase',
  initialState: initialDocumentState,
  evolve: evolveDocument,
  decide(command, state, context) {
    switch (command.type) {
      case 'AttachDocument':
        return attachDocument(command.payload, state);
      case 'RecategorizeDocument':
        return recategorizeDocument(command.payload, state);
      case 'ArchiveDocument':
        return archiveDocument(command.payload, state, context);
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

export const documentCommandDefinitions: CommandDefinition[] = [
  {
    type: 'AttachDocument',
    aggregateType: 'document',
    payload: attachDocumentPayload,
    creates: true,
  },
  {
    type: 'RecategorizeDocument',
    aggregateType: 'document',
    payload: recategorizeDocumentPayload,
    creates: false,
  },
  {
    type: 'ArchiveDocument',
    aggregateType: 'document',
    payload: archiveDocumentPayload,
    creates: false,
  },
];
