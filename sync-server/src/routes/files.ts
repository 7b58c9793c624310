import { refusal } from '@mymedic/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  clinicalContentOf,
  documentAttachedSchema,
  fileParamsSchema,
  maxDocumentBytes,
  mayRead,
  sha256Hex,
  storedFileSchema,
  type StoredFile,
} from '@mymedic/shared';
import { z } from 'zod';
import type { Database, Sql } from '../db/database';
import { withTenant } from '../db/tenant';
import { HttpError, parseRequest } from '../errors';
import { authenticate, type RequestAuth } from '../plugins/authenticate';
import { refusals, requestPart, type ContractRoutes } from '../plugins/contract';

export interface FileRouteOptions {
  database: Database;
  /** The most bytes of files one hospital may store. */
  quotaBytes: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The sizes the uploading device's documents give this file (set before the body is read). */
    attachedSizes?: number[];
  }
}

const fileAddress = requestPart('file address', fileParamsSchema);
/** A file as it is read back: its bytes, of the media type it was uploaded as. */
const fileBytes = z.instanceof(Buffer).meta({ type: 'string', format: 'binary' });
const mediaTypeSchema = documentAttachedSchema.shape.mime_type;
const tooLarge = () => new HttpError(413, 'file_too_large', refusal('server.fileTooLarge'));

/** The file's media type from Content-Type without its parameters, or octet-stream. */
function mediaTypeOf(request: FastifyRequest) {
  const parsed = mediaTypeSchema.safeParse(request.headers['content-type']?.split(';')[0]);
  return parsed.success ? parsed.data : 'application/octet-stream';
}

/**
 * The sizes recorded by the DocumentAttached events of this hospital that name the file
 * and were pushed from the uploading device. A session bound to no device may push as
 * any device, so for it the events its own person pushed count instead.
 */
async function attachedSizes(sql: Sql, auth: RequestAuth, sha256: string) {
  const { rows } = await sql.query<{ size_bytes: number }>(
    `SELECT DISTINCT (data ->> 'size_bytes')::integer AS size_bytes
       FROM event_store
      WHERE hospital_id = $1 AND type = 'DocumentAttached' AND data ->> 'sha256' = $2
        AND ${auth.deviceId === null ? 'user_id = $3' : 'device_id = $3'}`,
    [auth.hospitalId, sha256, auth.deviceId ?? auth.userId],
  );
  return rows.map((row) => Number(row.size_bytes));
}

const notAttached = () =>
  new HttpError(
    403,
    'file_not_attached',
    'No document this device attached refers to this file: attach it first, then upload it',
  );

/**
 * The route's params schema, checked before a single byte of the body is read (Fastify
 * validates after reading it).
 */
function validateDigest(
  request: FastifyRequest,
  _reply: FastifyReply,
  done: (error?: Error) => void,
) {
  try {
    request.params = parseRequest(fileAddress, request.params, 'file address');
    done();
  } catch (error) {
    done(error as Error);
  }
}

/**
 * The bytes of attached documents, content-addressed by SHA-256 and kept per hospital:
 * `PUT /files/:sha256` with the file as the body, `GET /files/:sha256` to read it back.
 * Registered as its own plugin, so that its raw-body parser stays out of the JSON API.
 */
export const fileRoutes: ContractRoutes<FileRouteOptions> = (
  app,
  { database, quotaBytes },
  done,
) => {
  /** An upload must belong to a document this device attached: refused before its body is read. */
  async function requireAttachment(request: FastifyRequest) {
    const { sha256 } = parseRequest(fileAddress, request.params, 'file address');
    const { auth } = request;
    const sizes = await withTenant(database, auth.hospitalId, (sql) =>
      attachedSizes(sql, auth, sha256),
    );
    if (sizes.length === 0) throw notAttached();
    request.attachedSizes = sizes;
  }

  // Any media type, JSON included, is taken as the bytes of a file.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => {
    done(null, body);
  });
  app.setErrorHandler((error) => {
    if ((error as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw tooLarge();
    // Everything else is answered by the app's one error handler.
    throw error;
  });

  app.put(
    '/files/:sha256',
    {
      onRequest: [authenticate, validateDigest, requireAttachment],
      bodyLimit: maxDocumentBytes,
      schema: {
        params: fileAddress,
        // Any media type is taken as the file's bytes (the parser above): documented
        // here, not checked, as Fastify checks a body per media type it names.
        body: { content: { '*/*': { schema: fileBytes } } },
        response: { 200: storedFileSchema, 201: storedFileSchema, ...refusals },
      },
    },
    async (request, reply) => {
      const { sha256 } = request.params;
      const body = request.body;
      const bytes = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
      if (bytes.length === 0) throw new HttpError(400, 'empty_file', refusal('server.fileEmpty'));
      if (bytes.length > maxDocumentBytes) throw tooLarge();
      const actual = await sha256Hex(new Uint8Array(bytes));
      if (actual !== sha256) {
        throw new HttpError(
          400,
          'hash_mismatch',
          'The file does not match its SHA-256: it was damaged on the way; send it again',
          { expected: sha256, actual },
        );
      }
      const sizes = request.attachedSizes ?? [];
      if (!sizes.includes(bytes.length)) {
        throw new HttpError(
          400,
          'size_mismatch',
          'The file is not the size its document records: attach the file again',
          { expected: sizes, actual: bytes.length },
        );
      }
      const { auth } = request;
      const mimeType = mediaTypeOf(request);
      const stored = await withTenant(database, auth.hospitalId, async (sql) => {
        // One upload of a hospital at a time, so that two cannot both fit under the quota.
        await sql.query(
          `SELECT pg_advisory_xact_lock(hashtextextended('document_files:' || $1, 0))`,
          [auth.hospitalId],
        );
        const existing = await sql.query<StoredFile>(
          `SELECT sha256, mime_type, size_bytes FROM document_files
            WHERE hospital_id = $1 AND sha256 = $2`,
          [auth.hospitalId, sha256],
        );
        // Uploaded before (a retry, or the same file attached twice): kept as it was.
        if (existing.rows[0]) return { file: existing.rows[0], created: false };
        const usage = await sql.query<{ used: string }>(
          'SELECT coalesce(sum(size_bytes), 0)::bigint AS used FROM document_files WHERE hospital_id = $1',
          [auth.hospitalId],
        );
        const used = Number(usage.rows[0]?.used ?? 0);
        if (used + bytes.length > quotaBytes) {
          throw new HttpError(
            413,
            'files_quota_exceeded',
            `The clinic's storage for document files is full (${Math.floor(quotaBytes / 1024 / 1024)} MB): ask the administrator to raise FILES_QUOTA_MB_PER_HOSPITAL`,
            { quota_bytes: quotaBytes, used_bytes: used, size_bytes: bytes.length },
          );
        }
        const inserted = await sql.query<StoredFile>(
          `INSERT INTO document_files (hospital_id, sha256, mime_type, size_bytes, bytes, uploaded_by)
           VALUES ($1, $2, $3, $4, $5, $6)
           RETURNING sha256, mime_type, size_bytes`,
          [auth.hospitalId, sha256, mimeType, bytes.length, bytes, auth.userId],
        );
        return { file: inserted.rows[0]!, created: true };
      });
      return reply.status(stored.created ? 201 : 200).send(stored.file);
    },
  );

  app.get(
    '/files/:sha256',
    {
      onRequest: [authenticate, validateDigest],
      schema: {
        params: fileAddress,
        response: {
          200: {
            description: 'The file, of the media type it was uploaded as',
            content: { '*/*': { schema: fileBytes } },
          },
          ...refusals,
        },
      },
    },
    async (request, reply) => {
      const { sha256 } = request.params;
      const { hospitalId } = request.auth;
      const readsClinical = mayRead(request.auth.roles, 'clinical');
      const { rows } = await withTenant(database, hospitalId, async (sql) => {
        // The read rules hold for the bytes too: the front desk gets only the files of
        // documents it handles itself (a consent form), never a lab report or a photo.
        if (!readsClinical) {
          const documents = await sql.query<{ data: unknown }>(
            `SELECT data FROM event_store
              WHERE hospital_id = $1 AND type = 'DocumentAttached' AND data->>'sha256' = $2`,
            [hospitalId, sha256],
          );
          // No document of this hospital names it: the lookup below says it is not here.
          if (
            documents.rows.length > 0 &&
            !documents.rows.some(
              (row) => clinicalContentOf('DocumentAttached', row.data).length === 0,
            )
          ) {
            throw new HttpError(403, 'forbidden', 'This file is for the clinical staff to read');
          }
        }
        return sql.query<{ mime_type: string; bytes: Uint8Array }>(
          'SELECT mime_type, bytes FROM document_files WHERE hospital_id = $1 AND sha256 = $2',
          [hospitalId, sha256],
        );
      });
      const file = rows[0];
      if (!file) {
        throw new HttpError(
          404,
          'file_not_uploaded',
          'The file has not been uploaded yet by the device that attached it',
        );
      }
      return (
        reply
          .header('content-type', file.mime_type)
          // The bytes behind a digest never change; the device keeps its own copy anyway.
          .header('cache-control', 'private, max-age=31536000, immutable')
          .header('etag', `"${sha256}"`)
          // Whatever a file holds, it is never run as a page of this origin.
          .header('content-security-policy', "default-src 'none'; sandbox")
          .header('content-disposition', 'attachment')
          .send(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength))
      );
    },
  );
  done();
};
