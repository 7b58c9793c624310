import { describe, expect, it } from 'vitest';
import { readReplyPayload, readTypedReply, replyPayload } from './reply-payloads';

const secret = 'stand-in-app-secret';
const hospital = '0190a0b0-0000-7000-8000-0000000000f1';
const appointment = '0190a0b0-0000-7000-8000-0000000000a1';

describe('reply button payloads', () => {
  it('read back what they ask, for the appointment they were signed for', () => {
    const payload = replyPayload(secret, hospital, appointment, 'cancel');
    expect(payload.length).toBeLessThanOrEqual(128);
    expect(readReplyPayload(secret, hospital, payload)).toEqual({
      kind: 'cancel',
      appointmentId: appointment,
    });
  });

  it('are worth nothing altered, for another organisation, or under another secret', () => {
    const payload = replyPayload(secret, hospital, appointment, 'cancel');
    expect(readReplyPayload(secret, hospital, payload.replace('cancel', 'confirm'))).toBeNull();
    expect(
      readReplyPayload(secret, hospital, payload.replace(appointment.slice(-2), 'a2')),
    ).toBeNull();
    expect(readReplyPayload(secret, appointment, payload)).toBeNull();
    expect(readReplyPayload('another-secret', hospital, payload)).toBeNull();
    expect(readReplyPayload(secret, hospital, 'confirm')).toBeNull();
  });
});

describe('typed replies', () => {
  it('read YES, 1 and NO, 2 in any case, and nothing else', () => {
    expect(['YES', ' yes! ', 'Y', '1', 'Confirm', 'Ndiyo'].map(readTypedReply)).toEqual(
      Array(6).fill('confirm'),
    );
    expect(['NO', 'no.', '2', 'cancel', 'Hapana'].map(readTypedReply)).toEqual(
      Array(5).fill('cancel'),
    );
    expect(['maybe', 'yes please', '3', ''].map(readTypedReply)).toEqual([null, null, null, null]);
  });
});
