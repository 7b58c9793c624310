import type { z } from 'zod';
import { DomainError } from './errors';
import { phrasedAs, refusal, type Refusal, type RefusalKey, type RefusalValues } from '../refusals';

/**
 * One field's refusal: where, the English sentence, and (for a message of the catalog)
 * its key and values, which the screens say in the person's language.
 */
export interface FieldIssue {
  path: string;
  message: string;
  key?: string;
  values?: RefusalValues;
}

/** The key a custom issue carries in its params (`refusalIssue`), else the one its message was phrased with. */
function keyOf(issue: z.core.$ZodIssue) {
  const carried = (issue as { params?: { refusal?: { key: string; values?: RefusalValues } } })
    .params?.refusal;
  return carried ?? phrasedAs(issue.message);
}

/** A field's refusal as an issue of a DomainError's details. */
export const issueAt = (path: string, said: Refusal): FieldIssue => ({
  path,
  message: said.message,
  key: said.key,
  ...(said.values ? { values: said.values } : {}),
});

export const describeIssues = (error: z.ZodError): FieldIssue[] =>
  error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
    ...keyOf(issue),
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
  // The person reads the first field's refusal in their language; the English names the command.
  const said = first?.key
    ? { key: first.key as RefusalKey, ...(first.values ? { values: first.values } : {}) }
    : refusal('kernel.invalidDetails');
  throw new DomainError(
    'validation',
    {
      ...said,
      message: first
        ? `${what}: ${first.path ? `${first.path}: ` : ''}${first.message}`
        : `${what} is invalid`,
    },
    { issues },
  );
}
