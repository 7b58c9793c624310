import { z } from 'zod';

/** One spelling per file: the digest as the device computed it, in lower case. */
export const fileParamsSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/, {
    message: 'Must be a SHA-256 digest: 64 lower-case hex digits',
  }),
});

/** What the server answers to an upload: 201 when stored now, 200 when it already was. */
export const storedFileSchema = z.object({
  sha256: z.string(),
  /** The upload's media type, or application/octet-stream when it named none allowed. */
  mime_type: z.string(),
  size_bytes: z.number().int().min(1),
});
export type StoredFile = z.infer<typeof storedFileSchema>;
