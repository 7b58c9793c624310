import { z } from 'zod';
import { DomainError } from '../../kernel/errors';
import { requiredText } from '../fields';
import {
  documentAttachedSchema,
  documentRecategorizedSchema,
  type AttachedDocument,
  type DocumentState,
} from './events';
import { refusal } from '../../refusals';

/** The file itself travels apart from the event; the event holds what identifies it. */
export const attachDocumentPayload = documentAttachedSchema;
export const recategorizeDocumentPayload = documentRecategorizedSchema;
export const archiveDocumentPayload = z.object({ reason: requiredText('Reason', 500) });
export const shareDocumentWithPatientPayload = z.object({});
export const stopSharingDocumentPayload = z.object({});

export function requireActiveDocument(state: DocumentState): AttachedDocument {
  if (!state.exists || !state.document)
    throw new DomainError('not_found', refusal('document.notFound'));
  if (state.archived) throw new DomainError('illegal_state', refusal('document.archived'));
  return state.document;
}
