import { getCommandDefinition, getEventDefinition } from './domain/registry';
import { clinicians, everyone, holdsAnyOf, type Reader, type Role } from './kernel/roles';

/**
 * Commands that are no aggregate's, and who may issue them. An aggregate's commands
 * name their roles in their definition (`issuedBy`); the screens hide what a role may
 * not do and the server refuses it.
 */
const nonAggregateCommandPermissions: Record<string, readonly Role[]> = {
  // Not an event: ends a lost tablet's sessions on the server (POST /devices/:id/revoke).
  RevokeDevice: ['admin'],
};

/**
 * Whether a person holding these roles (or this one role) may issue the command: true
 * when any of them may. The server itself ('system') may issue anything.
 */
export function mayIssue(
  held: Role | 'system' | readonly (Role | 'system')[],
  commandType: string,
): boolean {
  const allowed =
    getCommandDefinition(commandType)?.issuedBy ?? nonAggregateCommandPermissions[commandType];
  return holdsAnyOf(held, allowed);
}

/**
 * What a role may read, by kind of record. The front desk (receptionists, and admins
 * who are not also clinicians) reads who the patients are, the diary and where each
 * visit stands, not what was found or done in it: no notes, diagnoses, plans, triage
 * complaints, vitals, prescriptions, allergies or clinical documents.
 */
export const recordKinds = ['demographics', 'schedule', 'visit_status', 'clinical'] as const;
export type RecordKind = (typeof recordKinds)[number];

export const readPermissions: Record<RecordKind, readonly Role[]> = {
  demographics: everyone,
  schedule: everyone,
  visit_status: everyone,
  clinical: clinicians,
};

export function mayRead(roles: Role | readonly Role[], kind: RecordKind): boolean {
  const held: readonly Role[] = typeof roles === 'string' ? [roles] : roles;
  return held.some((role) => readPermissions[kind].includes(role));
}

/**
 * The fields of an event that are clinical content, given its data: the fields a person
 * who may not read clinical records never receives. Each event's definition names them;
 * what happened, to whom, by whom and when stays (ids, links, times, status), so the
 * front desk's screens and the log's order hold.
 */
export function clinicalContentOf(type: string, data: unknown): readonly string[] {
  return getEventDefinition(type)?.clinicalContentOf(data) ?? [];
}

/**
 * The fields of an event this person may not read: its clinical content when their roles
 * may not read clinical records, and its private content (a message's body) unless they
 * are among the few it is for. The pull leaves these out and marks the event `redacted`.
 */
export function unreadableContentOf(
  type: string,
  data: unknown,
  reader: Reader,
): readonly string[] {
  const definition = getEventDefinition(type);
  if (!definition) return [];
  const clinical = mayRead(reader.roles, 'clinical') ? [] : definition.clinicalContentOf(data);
  const personal = definition.privateContentOf(data, reader);
  if (personal.length === 0) return clinical;
  return [...new Set([...clinical, ...personal])];
}

/**
 * The event's data as this person receives it: without the fields they may not read;
 * null when there was nothing to take out.
 */
export function withoutUnreadableContent(
  type: string,
  data: unknown,
  reader: Reader,
): Record<string, unknown> | null {
  const fields = unreadableContentOf(type, data, reader);
  if (fields.length === 0 || typeof data !== 'object' || data === null) return null;
  const kept: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  for (const field of fields) delete kept[field];
  return kept;
}
