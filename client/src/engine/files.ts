import {
  attachDocumentPayload,
  parseOrThrow,
  sha256Hex,
  uuidv7,
  type DocumentCategory,
} from '@mymedic/shared';
import { ApiError, type SyncApi } from './api';
import type { FileRow, LocalDatabase, PendingCommand } from './db';
import { execute, type Actor } from './execute';
import { inWriteTransaction } from './local-log';

export interface AttachFileInput {
  patient_id: string;
  visit_id?: string | null;
  category: DocumentCategory;
  title: string;
  /** A photo from the camera or a chosen file: a File, or any Blob given a name. */
  file: Blob & { name: string };
  /** The new document's id; a fresh one when left out. */
  document_id?: string;
}

export interface AttachedFile {
  document_id: string;
  sha256: string;
  command: PendingCommand;
}

/** A Blob's media type as the document event records it; an odd or missing one is plain bytes. */
function mediaTypeOf(file: Blob) {
  const parsed = attachDocumentPayload.shape.mime_type.safeParse(file.type.split(';')[0]);
  return parsed.success ? parsed.data : 'application/octet-stream';
}

/**
 * Attaches a file to a patient's record, offline or not. The bytes wait in this
 * device's database until the sync uploads them; the event carries only the metadata
 * and the SHA-256. A file over 10 MB (or empty) is refused before anything is written,
 * with the same DomainError the document decider gives.
 */
export async function attachFile(
  db: LocalDatabase,
  actor: Actor,
  input: AttachFileInput,
  now = new Date(),
): Promise<AttachedFile> {
  const { file } = input;
  parseOrThrow(
    attachDocumentPayload.pick({ size_bytes: true }),
    { size_bytes: file.size },
    'Document',
  );
  // Hashed before the transaction: IndexedDB commits a transaction that waits on anything else.
  const bytes = await file.arrayBuffer();
  const sha256 = await sha256Hex(bytes);
  const mimeType = mediaTypeOf(file);
  const documentId = input.document_id ?? uuidv7(now.getTime());
  const blob = new Blob([bytes], { type: mimeType });
  return inWriteTransaction(db, async () => {
    const command = await execute(
      db,
      actor,
      {
        type: 'AttachDocument',
        aggregate_type: 'document',
        aggregate_id: documentId,
        payload: {
          patient_id: input.patient_id,
          visit_id: input.visit_id ?? null,
          category: input.category,
          title: input.title,
          file_name: file.name,
          mime_type: mimeType,
          size_bytes: file.size,
          sha256,
        },
      },
      now,
    );
    // Attaching always records an event; a refusal has thrown and undone everything.
    const commandId = command!.command_id;
    // The same bytes attached twice are kept (and uploaded) once.
    const kept = await db.files.get(sha256);
    if (!kept) {
      await db.files.add({
        sha256,
        blob,
        mime_type: mimeType,
        uploaded: 0,
        attached_by: [commandId],
      });
    } else if (kept.uploaded === 0) {
      await db.files.update(sha256, { attached_by: [...(kept.attached_by ?? []), commandId] });
    }
    return { document_id: documentId, sha256, command: command! };
  });
}

export interface FileUploads {
  uploaded: string[];
  /** Files the server refused (it should never: the device hashed them itself). */
  refused: { sha256: string; error: ApiError }[];
}

/** A refusal of this one file, as opposed to the server or the session being away. */
const refusesTheFile = (error: unknown): error is ApiError =>
  error instanceof ApiError &&
  error.status >= 400 &&
  error.status < 500 &&
  ![401, 408, 429].includes(error.status);

/**
 * Whether the server has stored a document of this device naming the file, as it
 * requires before it takes the bytes: one of the commands that attached it was
 * acknowledged by a push, or has left the outbox confirmed by a pull. A command still
 * waiting (offline, or another person's on a shared tablet, pushed with their session)
 * or refused into the conflicts inbox does not count, and the file waits.
 */
async function documentStored(db: LocalDatabase, file: FileRow) {
  if (!file.attached_by) return true;
  for (const commandId of file.attached_by) {
    const pending = await db.outbox.get(commandId);
    if (pending) {
      if (pending.acknowledged === 1) return true;
    } else if (!(await db.conflicts.get(commandId))) {
      return true;
    }
  }
  return false;
}

/**
 * Uploads every file waiting on this device whose document the server has stored,
 * one at a time, and marks each uploaded
 * when the server has it (stored now, or already). Stops at the first sign that the
 * server cannot be reached or the session has ended; a file the server refuses stays
 * waiting and is reported, and the others still go.
 */
export async function uploadPendingFiles(db: LocalDatabase, api: SyncApi): Promise<FileUploads> {
  const outcome: FileUploads = { uploaded: [], refused: [] };
  // Keys first: the blobs are read one by one, never all into memory at once.
  const waiting = await db.files.where('uploaded').equals(0).primaryKeys();
  for (const sha256 of waiting) {
    const file = await db.files.get(sha256);
    if (!file || file.uploaded === 1 || !(await documentStored(db, file))) continue;
    try {
      await api.putFile(sha256, file.blob, file.mime_type);
    } catch (error) {
      if (!refusesTheFile(error)) throw error;
      outcome.refused.push({ sha256, error });
      continue;
    }
    await db.files.update(sha256, { uploaded: 1 });
    outcome.uploaded.push(sha256);
  }
  return outcome;
}

export type OpenedFile =
  | { state: 'ready'; blob: Blob }
  | {
      /**
       * not_uploaded_yet: the device that attached it has not sent the bytes yet.
       * unreachable: not on this device, and the server does not answer.
       * damaged: the server's bytes do not match the digest; nothing was kept.
       */
      state: 'not_uploaded_yet' | 'unreachable' | 'damaged';
      message: string;
    };

/**
 * A document's file: this device's copy, or else fetched from the server, checked
 * against its SHA-256 and kept here for next time. Ends of the road people should read
 * about come back as states with a message; a lost session or a server failure throws
 * the ApiError.
 */
export async function openFile(
  db: LocalDatabase,
  api: SyncApi,
  sha256: string,
  mimeType: string,
): Promise<OpenedFile> {
  const local = await db.files.get(sha256);
  if (local) return { state: 'ready', blob: local.blob };
  let fetched: Blob;
  try {
    fetched = await api.getFile(sha256);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      return {
        state: 'not_uploaded_yet',
        message:
          'The file has not been uploaded yet by the device that attached it. It opens here once that device has synced.',
      };
    }
    if (error instanceof ApiError && error.status === 0) {
      return {
        state: 'unreachable',
        message:
          'The file is not on this device and the server cannot be reached. Try again when the connection is back.',
      };
    }
    throw error;
  }
  const bytes = await fetched.arrayBuffer();
  if ((await sha256Hex(bytes)) !== sha256) {
    return {
      state: 'damaged',
      message:
        'The file from the server does not match its fingerprint (SHA-256), so it was not opened. Try again; if it keeps happening, attach the original again.',
    };
  }
  const blob = new Blob([bytes], { type: mimeType });
  // Another tab may have kept it meanwhile; either copy is the same bytes.
  await db.files.put({ sha256, blob, mime_type: mimeType, uploaded: 1 });
  return { state: 'ready', blob };
}

// How a file may be shown lives apart (file-view.ts) so the patient portal uses it
// without the engine.
export { fileViewOf, viewableBlob, type FileView } from './file-view';
