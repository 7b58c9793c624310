import { conflictResolvedSchema } from './events';

export const recordConflictResolutionPayload = conflictResolvedSchema.omit({
  resolved_by: true,
  resolved_at: true,
});
