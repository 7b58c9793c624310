import { describe, expect, it } from 'vitest';
import { adminAsha, given, janeDoctor, nurseAmara, receptionistRavi } from '../../../test/given';
import { foldEvents } from '../registry';
import { mayIssue, unreadableContentOf, withoutUnreadableContent } from '../../permissions';
import type { Actor, Reader, Role } from '../../kernel/roles';
import type { MessageEvent } from './aggregate';

const sentAt = '2026-11-24T09:30:00.000Z';
const toDoctor = { kind: 'person', user_id: janeDoctor.user_id } as const;
const sentToDoctor: MessageEvent = {
  type: 'MessageSent',
  data: {
    from_user_id: nurseAmara.user_id,
    recipient: toDoctor,
    body: 'Bed 3 is ready for you',
    sent_at: sentAt,
  },
};
const sentToNurses: MessageEvent = {
  type: 'MessageSent',
  data: {
    from_user_id: janeDoctor.user_id,
    recipient: { kind: 'role', role: 'nurse' },
    body: 'Stock check at noon',
    sent_at: sentAt,
  },
};
const readBy = (reader: { user_id: string }, read_at = sentAt): MessageEvent => ({
  type: 'MessageRead',
  data: { reader_id: reader.user_id, read_at },
});

describe('sending', () => {
  it('lets any staff member write to a colleague or a role, as themselves', () => {
    given('message')
      .when(
        'SendMessage',
        { recipient: toDoctor, body: '  Bed 3 is ready for you ' },
        { actor: nurseAmara },
      )
      .then([sentToDoctor]);
    given('message')
      .when('SendMessage', {
        recipient: { kind: 'role', role: 'nurse' },
        body: 'Stock check at noon',
      })
      .then([sentToNurses]);
    for (const role of ['admin', 'doctor', 'nurse', 'receptionist'] as const) {
      expect(mayIssue(role, 'SendMessage')).toBe(true);
    }
  });

  it('refuses an empty message, no recipient, writing to oneself and sending twice', () => {
    given('message')
      .when('SendMessage', { recipient: toDoctor, body: '   ' }, { actor: nurseAmara })
      .thenThrows('validation', /Message is required/);
    given('message')
      .when('SendMessage', { body: 'Hello' }, { actor: nurseAmara })
      .thenThrows('validation', /whom the message is for/);
    given('message')
      .when('SendMessage', { recipient: { kind: 'role', role: 'porter' }, body: 'Hi' })
      .thenThrows('validation', /Choose a role/);
    given('message')
      .when('SendMessage', { recipient: toDoctor, body: 'Note to self' })
      .thenThrows('validation', /someone other than yourself/);
    given('message', [sentToDoctor])
      .when('SendMessage', { recipient: toDoctor, body: 'Again' }, { actor: nurseAmara })
      .thenThrows('illegal_state');
  });
});

describe('reading', () => {
  it('marks a message read once per recipient, for themselves', () => {
    given('message', [sentToDoctor])
      .when('MarkMessageRead', {})
      .then([readBy(janeDoctor)]);
    given('message', [sentToDoctor, readBy(janeDoctor)])
      .when('MarkMessageRead', {})
      .then([]);
    const secondNurse = {
      user_id: '0190a0b0-0000-7000-8000-000000000009',
      roles: ['nurse'] as const,
    };
    given('message', [sentToNurses, readBy(nurseAmara)])
      .when('MarkMessageRead', {}, { actor: secondNurse })
      .then([readBy(secondNurse)]);
    const state = foldEvents('message', [sentToNurses, readBy(nurseAmara)].map(stored));
    expect(state.read_by).toEqual({ [nurseAmara.user_id]: sentAt });
  });

  it('refuses read marks from anyone but a recipient, and on no message', () => {
    given('message', [sentToDoctor])
      .when('MarkMessageRead', {}, { actor: nurseAmara })
      .thenThrows('forbidden', /Only its recipients/);
    given('message', [sentToDoctor])
      .when('MarkMessageRead', {}, { actor: receptionistRavi })
      .thenThrows('forbidden');
    given('message', [sentToNurses])
      .when('MarkMessageRead', {}, { actor: adminAsha })
      .thenThrows('forbidden');
    given('message').when('MarkMessageRead', {}).thenThrows('not_found');
  });
});

describe('privacy', () => {
  it('keeps the body for the sender and the recipients, whatever the roles', () => {
    const { type, data } = sentToDoctor;
    expect(unreadableContentOf(type, data, reader(nurseAmara))).toEqual([]);
    expect(unreadableContentOf(type, data, reader(janeDoctor))).toEqual([]);
    const otherDoctor = {
      user_id: '0190a0b0-0000-7000-8000-000000000008',
      roles: ['doctor'] as const,
    };
    expect(unreadableContentOf(type, data, otherDoctor)).toEqual(['body']);
    expect(withoutUnreadableContent(type, data, reader(receptionistRavi))).toEqual({
      from_user_id: nurseAmara.user_id,
      recipient: toDoctor,
      sent_at: sentAt,
    });
    // To a role: whoever holds it now, and the sender.
    const toNurses = sentToNurses.data;
    expect(unreadableContentOf('MessageSent', toNurses, reader(nurseAmara))).toEqual([]);
    expect(unreadableContentOf('MessageSent', toNurses, reader(janeDoctor))).toEqual([]);
    expect(unreadableContentOf('MessageSent', toNurses, reader(adminAsha))).toEqual(['body']);
    // Data that names nobody is read by nobody.
    expect(unreadableContentOf('MessageSent', { body: 'x' }, reader(janeDoctor))).toEqual(['body']);
  });

  it('folds a message pulled without its body', () => {
    const redacted = {
      ...stored(sentToDoctor),
      data: { ...sentToDoctor.data, body: undefined },
      redacted: true,
    };
    const state = foldEvents('message', [redacted]);
    expect(state.exists).toBe(true);
    expect(state.body ?? null).toBeNull();
    expect(state.recipient).toEqual(toDoctor);
  });
});

/** The read rules' view of a test actor: a person and their roles. */
function reader({ user_id, roles }: Actor): Reader {
  return { user_id, roles: roles.filter((role): role is Role => role !== 'system') };
}

function stored(event: MessageEvent) {
  return { type: event.type, schema_version: 1, data: event.data };
}
