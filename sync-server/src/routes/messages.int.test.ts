import { uuidv7, type EventEnvelope, type SessionResponse } from '@mymedic/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpClinic, startTestServer, type TestServer } from '../../test/test-server';
import { api, colleagueDevice, testDatabases, type TestDevice } from '../../test/support';

describe.each(testDatabases)('messages on $name', ({ url: databaseUrl }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(databaseUrl ? { databaseUrl } : {});
  });
  afterAll(() => server.close());

  const colleague = (admin: SessionResponse, role: string, fullName: string) =>
    colleagueDevice(server.url, admin, role, fullName);

  /** What a person's pull brings of one message: its MessageSent. */
  async function sentAsPulledBy(device: TestDevice, messageId: string): Promise<EventEnvelope> {
    const events = await device.pullAll();
    const sent = events.find((event) => event.aggregate_id === messageId);
    expect(sent?.type).toBe('MessageSent');
    return sent!;
  }

  it("sends a message's body to its sender and recipients' pulls only", async () => {
    const admin = await signUpClinic(server.url);
    const adminTablet = await colleague(admin, 'admin', 'Ada Admin');
    const nurse = await colleague(admin, 'nurse', 'Grace Otieno');
    const otherNurse = await colleague(admin, 'nurse', 'Faith Mwangi');
    const doctor = await colleague(admin, 'doctor', 'Amina Njoroge');
    const otherDoctor = await colleague(admin, 'doctor', 'Brian Ochieng');
    const reception = await colleague(admin, 'receptionist', 'Peter Kamau');

    const toDoctor = uuidv7();
    const toNurses = uuidv7();
    const doctorId = doctor.session.user.user_id;
    const pushed = await nurse.push([
      nurse.command('SendMessage', 'message', toDoctor, {
        recipient: { kind: 'person', user_id: doctorId },
        body: 'Bed 3 has chest pain, please come',
      }),
    ]);
    expect(pushed.body.results[0]!.status).toBe('accepted');
    const toRole = await doctor.push([
      doctor.command('SendMessage', 'message', toNurses, {
        recipient: { kind: 'role', role: 'nurse' },
        body: 'Stock check of the crash cart at noon',
      }),
    ]);
    expect(toRole.body.results[0]!.status).toBe('accepted');

    // A message to a person: the sender and that person read it, nobody else.
    for (const reader of [nurse, doctor]) {
      const sent = await sentAsPulledBy(reader, toDoctor);
      expect(sent.redacted).toBeUndefined();
      expect(sent.data).toMatchObject({ body: 'Bed 3 has chest pain, please come' });
    }
    for (const other of [otherNurse, otherDoctor, reception, adminTablet]) {
      const sent = await sentAsPulledBy(other, toDoctor);
      expect(sent.redacted).toBe(true);
      expect(sent.data).toEqual({
        from_user_id: nurse.session.user.user_id,
        recipient: { kind: 'person', user_id: doctorId },
        sent_at: expect.any(String) as unknown,
      });
      expect(JSON.stringify(await other.pullAll())).not.toContain('chest pain');
    }

    // Nor through the REST API: a conflict on the message shows its state without the body.
    const clash = await api<{ error: { details: { current?: unknown } } }>(
      server.url,
      '/commands/send-message',
      {
        token: otherDoctor.token,
        body: {
          aggregate_id: toDoctor,
          payload: { recipient: { kind: 'role', role: 'doctor' }, body: 'Taking it over' },
        },
      },
    );
    expect(clash.status).toBe(409);
    expect(clash.body.error.details.current).toMatchObject({
      exists: true,
      recipient: { kind: 'person' },
    });
    expect(JSON.stringify(clash.body)).not.toContain('chest pain');

    // A message to a role: whoever holds it, and the sender.
    for (const reader of [nurse, otherNurse, doctor]) {
      expect((await sentAsPulledBy(reader, toNurses)).data).toMatchObject({
        body: 'Stock check of the crash cart at noon',
      });
    }
    for (const other of [otherDoctor, reception, adminTablet]) {
      expect((await sentAsPulledBy(other, toNurses)).redacted).toBe(true);
      expect(JSON.stringify(other.streamOf(toNurses))).not.toContain('crash cart');
    }
  });

  it('takes read marks from recipients only, each for themselves', async () => {
    const admin = await signUpClinic(server.url);
    const nurse = await colleague(admin, 'nurse', 'Grace Otieno');
    const doctor = await colleague(admin, 'doctor', 'Amina Njoroge');
    const otherDoctor = await colleague(admin, 'doctor', 'Brian Ochieng');
    const messageId = uuidv7();
    await nurse.push([
      nurse.command('SendMessage', 'message', messageId, {
        recipient: { kind: 'person', user_id: doctor.session.user.user_id },
        body: 'Lab results are in',
      }),
    ]);
    await doctor.pullAll();
    await otherDoctor.pullAll();
    // The other doctor's device would refuse it; a device that sends it anyway is refused.
    const intruder = await api<{ results: { status: string; error?: { code: string } }[] }>(
      server.url,
      '/sync/push',
      {
        token: otherDoctor.token,
        body: {
          device_id: otherDoctor.deviceId,
          commands: [
            {
              command_id: uuidv7(),
              client_seq: 1,
              type: 'MarkMessageRead',
              aggregate_type: 'message',
              aggregate_id: messageId,
              expected_version: 1,
              payload: {},
              issued_at: new Date().toISOString(),
              events: [
                {
                  event_id: uuidv7(),
                  type: 'MessageRead',
                  schema_version: 1,
                  version: 2,
                  data: {
                    reader_id: otherDoctor.session.user.user_id,
                    read_at: new Date().toISOString(),
                  },
                },
              ],
            },
          ],
        },
      },
    );
    expect(intruder.body.results[0]).toMatchObject({
      status: 'rejected',
      error: { code: 'forbidden' },
    });
    const read = await doctor.push([doctor.command('MarkMessageRead', 'message', messageId, {})]);
    expect(read.body.results[0]!.status).toBe('accepted');
    const stream = (await nurse.pullAll()).filter((event) => event.aggregate_id === messageId);
    expect(stream.map((event) => event.type)).toEqual(['MessageSent', 'MessageRead']);
    expect(stream[1]!.data).toMatchObject({ reader_id: doctor.session.user.user_id });
  });
});
