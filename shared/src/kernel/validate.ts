import type { z } from 'zod';
import { DomainError } from './errors';

export interface FieldIssue {
  path: string;
  message: string;
}

export const describeIssues = (error: z.ZodError): FieldIssue[] =>
  error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));

/** Parses with a zod schema, turning failures into a `validation` DomainError per field. */
export function parseOrThrow<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  what: string,
): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = describeIssues(result.error);
  const first = issues[0];
  throw new DomainError(
    'validation',
    first
      ? `${what}: ${first.path ? `${first.path}: ` : ''}${first.message}`
      : `${what} is invalid`,
    { issues },
  );
}
