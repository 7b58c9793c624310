import { describe, expect, it } from 'vitest';
import type { MessageRow } from '../../engine/db';
import { recipientOfKey, threadsOf } from './threads';

const doctor = { user_id: '0190a0b0-0000-7000-8000-000000000001', roles: ['doctor' as const] };
const nurse = { user_id: '0190a0b0-0000-7000-8000-000000000002', roles: ['nurse' as const] };
const otherNurse = { user_id: '0190a0b0-0000-7000-8000-000000000003', roles: ['nurse' as const] };

let sent = 0;
const message = (
  from: { user_id: string },
  recipient: MessageRow['recipient'],
  read_by: Record<string, string> = {},
): MessageRow => ({
  message_id: `0190a0b0-0000-7000-8000-0000000009${String(++sent).padStart(2, '0')}`,
  from_user_id: from.user_id,
  recipient,
  body: `message ${sent}`,
  sent_at: `2026-12-01T08:${String(sent).padStart(2, '0')}:00.000Z`,
  read_by,
  version: 1,
  pending: 0,
});

describe('conversations', () => {
  it("groups a person's messages by whom they are with, both ways, newest conversation first", () => {
    const toDoctor = message(nurse, { kind: 'person', user_id: doctor.user_id });
    const answer = message(doctor, { kind: 'person', user_id: nurse.user_id });
    const toNurses = message(doctor, { kind: 'role', role: 'nurse' });
    const notMine = message(otherNurse, { kind: 'person', user_id: doctor.user_id });
    const threads = threadsOf([toNurses, answer, notMine, toDoctor], nurse);
    expect(threads.map((thread) => [thread.key, thread.messages.length, thread.unread])).toEqual([
      ['role/nurse', 1, 1],
      [`person/${doctor.user_id}`, 2, 1],
    ]);
    // The sender sees the group's conversation; their own messages are never unread.
    expect(threadsOf([toNurses], doctor).map((thread) => thread.unread)).toEqual([0]);
  });

  it('counts a message read once its recipient marked it, each reader for themselves', () => {
    const toNurses = message(
      doctor,
      { kind: 'role', role: 'nurse' },
      {
        [nurse.user_id]: '2026-12-01T09:00:00.000Z',
      },
    );
    expect(threadsOf([toNurses], nurse)[0]!.unread).toBe(0);
    expect(threadsOf([toNurses], otherNurse)[0]!.unread).toBe(1);
  });

  it('reads a conversation address back, refusing what names nobody', () => {
    expect(recipientOfKey('role/nurse')).toEqual({ kind: 'role', role: 'nurse' });
    expect(recipientOfKey(`person/${doctor.user_id}`)).toEqual({
      kind: 'person',
      user_id: doctor.user_id,
    });
    expect(recipientOfKey('role/porter')).toBeNull();
    expect(recipientOfKey('undefined/undefined')).toBeNull();
  });
});
