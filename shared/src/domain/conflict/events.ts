import { z } from 'zod';
import { aggregateTypes } from '../../kernel/decider';
import { isoDateTime, uuidField } from '../fields';
import { phrase } from '../../refusals';

/** What the person chose for a refused change. */
export const conflictChoices = ['redo', 'merge', 'discard', 'keep_both'] as const;
export type ConflictChoice = (typeof conflictChoices)[number];

export const conflictResolvedSchema = z.object({
  /** The refused command, as the device kept it. */
  command_id: uuidField,
  command_type: z.string().min(1).max(100),
  aggregate_type: z.enum(aggregateTypes),
  aggregate_id: uuidField,
  /** conflict (changed meanwhile) or rejected (refused outright), with the reason given. */
  refusal: z.enum(['conflict', 'rejected']),
  error_code: z.string().min(1).max(100),
  error_message: z.string().max(1000),
  choice: z.enum(conflictChoices, { message: phrase('conflict.chooseChoice') }),
  /** The command that carried the person's choice out, if one was needed. */
  follow_up_command_id: uuidField.nullable(),
  /** In words, both sides and the outcome: the audit trail reads it. */
  summary: z.string().trim().max(4000),
  resolved_by: uuidField,
  resolved_at: isoDateTime,
});
export type ConflictResolution = z.infer<typeof conflictResolvedSchema>;

/** One resolution per aggregate (append policy): recorded once, never changed. */
export interface ConflictState {
  resolution: ConflictResolution | null;
}

export const initialConflictState: ConflictState = { resolution: null };
