import { z } from 'zod';
import { isoDateTime, optionalLink, requiredText, sha256Field, uuidField } from '../fields';
import { phrase } from '../../refusals';

export const documentCategories = [
  'lab_report',
  'imaging',
  'referral',
  'consent_form',
  'photo',
  'other',
] as const;
export type DocumentCategory = (typeof documentCategories)[number];

/** 10 MiB: a phone photo or a scanned report, small enough to sync over a weak line. */
export const maxDocumentBytes = 10 * 1024 * 1024;

export const documentCategoryField = z.enum(documentCategories, {
  message: phrase('document.chooseCategory'),
});

export const documentAttachedSchema = z.object({
  patient_id: uuidField,
  visit_id: optionalLink,
  category: documentCategoryField,
  title: requiredText('Title'),
  file_name: requiredText('File name', 255),
  mime_type: z
    .string({ message: phrase('document.typeRequired') })
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/, {
      message: phrase('document.typeShape'),
    }),
  size_bytes: z
    .number({ message: phrase('document.sizeNumber') })
    .int({ message: phrase('document.sizeWhole') })
    .min(1, { message: phrase('document.empty') })
    .max(maxDocumentBytes, { message: phrase('document.tooLarge') }),
  sha256: sha256Field,
});
export const documentRecategorizedSchema = z.object({ category: documentCategoryField });
export const documentArchivedSchema = z.object({
  reason: requiredText('Reason', 500),
  archived_at: isoDateTime,
});

/** The clinic shows the document to its patient in the patient portal, from then on. */
export const documentSharedWithPatientSchema = z.object({ shared_at: isoDateTime });
/** The portal stops showing it. */
export const documentSharingStoppedSchema = z.object({ stopped_at: isoDateTime });

export type AttachedDocument = z.infer<typeof documentAttachedSchema>;

export interface DocumentState {
  exists: boolean;
  archived: boolean;
  document: AttachedDocument | null;
  /** Since when the patient sees it in the portal; null when not shared. Absent in
   * states folded before documents could be shared. */
  shared_at?: string | null;
}

export const initialDocumentState: DocumentState = {
  exists: false,
  archived: false,
  document: null,
  shared_at: null,
};
