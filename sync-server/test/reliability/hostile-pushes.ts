import fc from 'fast-check';
import {
  currentSchemaVersion,
  decideCommand,
  foldEvents,
  maxCommandsPerPush,
  sha256HexOfText,
  uuidv7,
  type PushedCommand,
} from '@mymedic/shared';
import {
  authorizations,
  dropField,
  invalidField,
  invalidFor,
  jsonRoute,
  setField,
  tenantIds,
  unknownKey,
  type Battleground,
  type Body,
  type Mutation,
} from './hostile-requests';
import {
  deeplyNested,
  hostileNumber,
  hostileString,
  hostileValue,
  implausibleClocks,
  notANumber,
  notAString,
  RawJson,
  unstorableText,
} from './hostile-values';

/** The shared tablet tenant A's admin and nurse are signed in on (see the suite). */
export const deviceId = 'reception-tablet';
const issuedAt = '2025-03-04T09:15:00+03:00';

/** A registration decided as tenant A's admin's device decides it: the server takes it. */
export function registration(ground: Battleground, details: Record<string, unknown> = {}) {
  const aggregateId = uuidv7();
  const payload = {
    mrn: `HC-${aggregateId.slice(-8).toUpperCase()}`,
    full_name: 'Jane Wanjiru',
    date_of_birth: '1984-03-12',
    gender: 'female',
    phone: '+254 712 345678',
    ...details,
  };
  const events = decideCommand(
    { type: 'RegisterPatient', aggregate_type: 'patient', payload },
    foldEvents('patient', []),
    {
      hospital_id: ground.a.hospitalId,
      aggregate_id: aggregateId,
      actor: { user_id: ground.a.adminId, roles: ['admin'] },
      issued_at: issuedAt,
    },
  );
  const command: PushedCommand = {
    command_id: uuidv7(),
    client_seq: 1,
    type: 'RegisterPatient',
    aggregate_type: 'patient',
    aggregate_id: aggregateId,
    expected_version: 0,
    payload,
    issued_at: issuedAt,
    events: events.map((event, index) => ({
      event_id: uuidv7(),
      type: event.type,
      schema_version: currentSchemaVersion(event.type),
      version: index + 1,
      data: event.data,
    })),
  };
  return command as unknown as Body;
}

/** A command built by hand, with the events its device claims the command decides. */
const command = (
  fields: Omit<PushedCommand, 'command_id' | 'client_seq' | 'issued_at' | 'events'> & {
    events?: { type: string; data: unknown }[];
  },
): Body => ({
  command_id: uuidv7(),
  client_seq: 1,
  issued_at: issuedAt,
  ...fields,
  events: (fields.events ?? []).map((event, index) => ({
    event_id: uuidv7(),
    type: event.type,
    schema_version: 1,
    version: fields.expected_version + 1 + index,
    data: event.data,
  })),
});

/** Breakers of one command of the batch: each makes the server refuse or reject it. */
function commandBreakers(ground: Battleground, at: string[]): fc.Arbitrary<Mutation> {
  const field = (...path: string[]) => [...at, ...path];
  const event = (...path: string[]) => [...at, 'events', '0', ...path];
  const foreign = tenantIds(ground);
  return fc.oneof(
    invalidField(field('command_id'), invalidFor.uuid),
    invalidField(
      field('client_seq'),
      fc.oneof(notANumber, fc.constantFrom(0, -1, 0.5, 2 ** 53, new RawJson('1e999'))),
    ),
    invalidField(
      field('type'),
      fc.oneof(
        notAString,
        fc.constantFrom(
          '',
          'a'.repeat(101),
          'DeleteEverything',
          'constructor',
          '__proto__',
          'toString',
          'hasOwnProperty',
          'registerpatient',
          'RegisterPatient ',
          'CreateUser',
          'RegisterHospital',
          'ChangeHospitalSettings',
        ),
      ),
    ),
    invalidField(
      field('aggregate_type'),
      invalidFor.oneOf(['Patient', '', 'constructor', 'hospital', 'user', '__proto__']),
    ),
    invalidField(field('aggregate_id'), invalidFor.uuid),
    invalidField(
      field('expected_version'),
      fc.oneof(
        notANumber,
        fc.constantFrom(
          -1,
          0.5,
          1,
          7,
          2 ** 31,
          2 ** 53,
          new RawJson('1e999'),
          new RawJson('1.5e0'),
        ),
      ),
    ),
    invalidField(
      field('payload'),
      fc.oneof(hostileString, hostileNumber, fc.constantFrom(null, true, [], [{}], {})),
    ),
    fc
      .tuple(fc.constantFrom('full_name', 'date_of_birth', 'gender', 'phone', 'mrn'), hostileValue)
      .map(([name, value]) => setField(field('payload', name), value)),
    // Changes the issued_at only: the events still match what the server decides.
    invalidField(field('issued_at'), invalidFor.datetime),
    // A clock PostgreSQL can store but no record can have: rejected, never stored.
    implausibleClocks().map((at) => setField(field('issued_at'), at, `device clock ${at}`)),
    invalidField(
      field('events'),
      fc.oneof(
        hostileString,
        hostileNumber,
        fc.constantFrom(
          null,
          {},
          [],
          [null],
          Array.from({ length: 101 }, () => ({})),
        ),
      ),
    ),
    invalidField(event('event_id'), invalidFor.uuid),
    // Ids in upper case: one spelling only, or a stream would be taken for a new one.
    fc
      .constantFrom(field('command_id'), field('aggregate_id'), event('event_id'))
      .map((path): Mutation => ({
        what: `${path.slice(2).join('.')} in upper case`,
        apply(body) {
          let target: unknown = body;
          for (const key of path.slice(0, -1)) target = (target as Body | undefined)?.[key];
          const holder = target as Body | undefined;
          const id = holder?.[path.at(-1)!];
          if (holder && typeof id === 'string') holder[path.at(-1)!] = id.toUpperCase();
        },
      })),
    // An existing stream's id in upper case on a creating command: before, a 500.
    fc.constant(
      setField(
        field('aggregate_id'),
        ground.a.patientId.toUpperCase(),
        "A's patient id in upper case",
      ),
    ),
    invalidField(
      event('type'),
      fc.oneof(notAString, fc.constantFrom('', 'PatientArchived', 'a'.repeat(101), '__proto__')),
    ),
    invalidField(
      event('schema_version'),
      fc.oneof(notANumber, fc.constantFrom(0, 1001, -1, 1.5, 2)),
    ),
    invalidField(event('version'), fc.oneof(notANumber, fc.constantFrom(0, -1, 2, 2 ** 31))),
    invalidField(event('data'), hostileValue),
    fc
      .constantFrom(
        ...[
          'command_id',
          'client_seq',
          'type',
          'aggregate_type',
          'aggregate_id',
          'expected_version',
          'payload',
          'issued_at',
          'events',
        ].map((name) => field(name)),
        ...['event_id', 'type', 'schema_version', 'version', 'data'].map((name) => event(name)),
      )
      .map(dropField),
    fc.constantFrom(at, [...at, 'events', '0']).chain((path) => unknownKey(path, foreign)),
    // Forged authors: another tenant's admin named as the actor, or inside the events.
    fc.constantFrom(
      setField(field('actor'), { user_id: ground.b.adminId, role: 'admin' }, 'forged actor'),
      setField(field('user_id'), ground.b.adminId, 'forged user_id'),
      setField(field('hospital_id'), ground.b.hospitalId, "command in B's hospital"),
      setField(
        event('meta'),
        {
          user_id: ground.b.adminId,
          device_id: deviceId,
          command_id: uuidv7(),
          issued_at: issuedAt,
        },
        'forged event meta',
      ),
      setField(event('hospital_id'), ground.b.hospitalId, "event in B's hospital"),
      setField(event('data', 'user_id'), ground.b.adminId, 'forged author in the data'),
      setField(event('data', 'hospital_id'), ground.b.hospitalId, "B's hospital in the data"),
    ),
    // Text PostgreSQL cannot hold, sent alike in the payload and in the events.
    fc.tuple(fc.constantFrom('full_name', 'mrn'), unstorableText).map(([name, text]): Mutation => ({
      what: `unstorable ${name} ${JSON.stringify(text)}`,
      apply(body) {
        setField(field('payload', name), text).apply(body);
        setField(event('data', name), text).apply(body);
      },
    })),
    deeplyNested.chain((deep) =>
      fc
        .constantFrom(event('data'), event('data', 'full_name'), field('payload', 'notes'))
        .map((path) =>
          setField(
            path,
            deep,
            `${path.slice(2).join('.')} nested deep (${deep.text.length} chars)`,
          ),
        ),
    ),
  );
}

/** Commands about another tenant's aggregates, sent with tenant A's token. */
function foreignCommands(ground: Battleground): Body[] {
  const { b } = ground;
  return [
    command({
      type: 'UpdatePatientDetails',
      aggregate_type: 'patient',
      aggregate_id: b.patientId,
      expected_version: b.patientVersion,
      payload: { changes: { phone: { from: '+254 712 345678', to: '+254700000009' } } },
      events: [{ type: 'PatientDetailsUpdated', data: { changes: { phone: '+254700000009' } } }],
    }),
    command({
      type: 'ArchivePatient',
      aggregate_type: 'patient',
      aggregate_id: b.patientId,
      expected_version: b.patientVersion,
      payload: { reason: 'Duplicate record' },
      events: [{ type: 'PatientArchived', data: { reason: 'Duplicate record' } }],
    }),
    command({
      type: 'ChangeHospitalSettings',
      aggregate_type: 'hospital',
      aggregate_id: b.hospitalId,
      expected_version: 2,
      payload: { changes: { idle_lock_minutes: 1 } },
      events: [{ type: 'HospitalSettingsChanged', data: { changes: { idle_lock_minutes: 1 } } }],
    }),
    command({
      type: 'DeactivateUser',
      aggregate_type: 'user',
      aggregate_id: b.adminId,
      expected_version: 1,
      payload: { reason: 'Left the clinic' },
      events: [{ type: 'UserDeactivated', data: { reason: 'Left the clinic' } }],
    }),
    command({
      type: 'ChangeUserRole',
      aggregate_type: 'user',
      aggregate_id: b.adminId,
      expected_version: 1,
      payload: { role: 'receptionist' },
      events: [{ type: 'UserRoleChanged', data: { role: 'receptionist' } }],
    }),
  ];
}

/**
 * Signatures over content other than what they sign, by the doctor who may sign: each
 * with the events the forging device claims, equal to what an unchecking decider makes.
 */
function forgedSignatures(ground: Battleground): fc.Arbitrary<{ what: string; body: Body }> {
  const { a } = ground;
  const otherText = sha256HexOfText('Chest clear. No wheeze. Discharged.');
  const note = (what: string, digest: string, based_on_revision?: number) => ({
    what,
    body: {
      device_id: deviceId,
      commands: [
        command({
          type: 'SignNote',
          aggregate_type: 'note',
          aggregate_id: a.noteId,
          expected_version: 1,
          payload: {
            content_sha256: digest,
            ...(based_on_revision === undefined ? {} : { based_on_revision }),
          },
          events: [
            {
              type: 'NoteSigned',
              data: {
                signed_by: a.doctorId,
                signed_at: issuedAt,
                content_sha256: digest,
                revision: 1,
              },
            },
          ],
        }),
      ],
    },
  });
  const medications = [
    {
      name: 'Amoxicillin 500 mg capsules',
      dosage: '500 mg',
      frequency: 'three times a day',
      duration: '7 days',
      quantity: 21,
    },
  ];
  const prescription = (what: string, digest: string, sent = medications) => ({
    what,
    body: {
      device_id: deviceId,
      commands: [
        command({
          type: 'IssuePrescription',
          aggregate_type: 'prescription',
          aggregate_id: uuidv7(),
          expected_version: 0,
          payload: { patient_id: a.patientId, medications: sent, content_sha256: digest },
          events: [
            {
              type: 'PrescriptionIssued',
              data: {
                patient_id: a.patientId,
                visit_id: null,
                medications: sent.map((medication) => ({ ...medication, instructions: null })),
                diagnosis: null,
                content_sha256: digest,
                signed_by: a.doctorId,
                signed_at: issuedAt,
              },
            },
          ],
        }),
      ],
    },
  });
  // What a device signing 21 capsules hashes, sent with 210.
  const signedFor21 = sha256HexOfText(
    JSON.stringify({
      patient_id: a.patientId,
      visit_id: null,
      medications: medications.map((medication) => ({ ...medication, instructions: null })),
      diagnosis: null,
    }),
  );
  return fc.oneof(
    fc.constant(null).map(() => note('a note signed with the digest of other text', otherText)),
    fc
      .constant(null)
      .map(() => note('a note signed at its revision with the digest of other text', otherText, 1)),
    fc
      .constant(null)
      .map(() =>
        note(
          `a note signed with the digest of ${JSON.stringify(' ' + a.noteBody)}`,
          sha256HexOfText(` ${a.noteBody}`),
        ),
      ),
    fc.constant(null).map(() => note('a note signed with a digest of 64 zeros', '0'.repeat(64))),
    fc
      .constant(null)
      .map(() => prescription('a prescription signed with a digest of 64 zeros', '0'.repeat(64))),
    fc.constant(null).map(() =>
      prescription(
        'a prescription signed for 21 capsules, sent with 210',
        signedFor21,
        medications.map((medication) => ({ ...medication, quantity: 210 })),
      ),
    ),
  );
}

/**
 * A body as large as a push may be, every command of it refused (a change to another
 * tenant's patient, unknown here), under a device id of the sender's choosing: refusals
 * are recorded, and such bodies must not grow the record past its bound.
 */
export function refusedFlood(ground: Battleground, device: string): Body {
  return {
    device_id: device,
    commands: Array.from({ length: maxCommandsPerPush }, (_, index) => ({
      ...foreignCommands(ground)[0]!,
      client_seq: index + 1,
    })),
  };
}

export function pushRequests(ground: Battleground) {
  const foreign = tenantIds(ground);
  const valid = () => ({ device_id: deviceId, commands: [registration(ground)] });
  const bodyBreakers = fc.oneof(
    invalidField(
      ['device_id'],
      fc.oneof(
        notAString,
        fc.constantFrom('', 'd'.repeat(101), 'server', 'SERVER', 'System', 'tab-7', 'tab let 7'),
        unstorableText,
      ),
    ),
    // Well-formed, but not the device the session was begun on: 403.
    fc
      .constantFrom('front-desk-tablet', 'reception-tablet-2', 'RECEPTION-TABLET')
      .map((other) => setField(['device_id'], other, `pushing as device ${other}`)),
    invalidField(
      ['commands'],
      fc.oneof(hostileString, hostileNumber, fc.constantFrom(null, {}, [], [null], [[]])),
    ),
    fc.constantFrom(['device_id'], ['commands']).map(dropField),
    unknownKey([], foreign),
    fc.constantFrom(
      setField(['hospital_id'], ground.b.hospitalId, "push into B's hospital"),
      setField(['user_id'], ground.b.adminId, 'push as B admin'),
    ),
  );
  const breakers = fc.oneof(
    { weight: 1, arbitrary: bodyBreakers },
    { weight: 4, arbitrary: commandBreakers(ground, ['commands', '0']) },
  );

  // Batches in which every command is broken its own way.
  const batches = fc.integer({ min: 2, max: 4 }).chain((size) =>
    fc
      .tuple(
        ...Array.from({ length: size }, (_, index) =>
          commandBreakers(ground, ['commands', String(index)]),
        ),
      )
      .map((mutations) => {
        const body = {
          device_id: deviceId,
          commands: Array.from({ length: size }, (_, index) => ({
            ...registration(ground),
            client_seq: index + 1,
          })),
        };
        for (const mutation of mutations) mutation.apply(body);
        return { what: `batch of ${size}: ${mutations.map((m) => m.what).join('; ')}`, body };
      }),
  );
  const admin = { what: '', header: `Bearer ${ground.a.adminToken}`, refused: false };
  const a = ground.a;
  const doctor = {
    what: "the note's author, a doctor",
    header: `Bearer ${a.doctorToken}`,
    refused: false,
  };
  const special = fc.oneof(
    { weight: 4, arbitrary: batches },
    {
      weight: 2,
      arbitrary: forgedSignatures(ground).map((forged) => ({ ...forged, authorization: doctor })),
    },
    {
      weight: 2,
      arbitrary: fc.subarray(foreignCommands(ground), { minLength: 1 }).map((commands) => ({
        what: `commands on B's aggregates: ${commands.map((c) => String(c.type)).join(', ')}`,
        body: {
          device_id: deviceId,
          commands: commands.map((body, index) => ({ ...body, client_seq: index + 1 })),
        },
        authorization: admin,
      })),
    },
    {
      weight: 1,
      arbitrary: deeplyNested.map((deep) => ({
        what: `a change whose "from" is nested deep (${deep.text.length} chars)`,
        body: {
          device_id: deviceId,
          commands: [
            command({
              type: 'UpdatePatientDetails',
              aggregate_type: 'patient',
              aggregate_id: a.patientId,
              expected_version: a.patientVersion,
              payload: { changes: { phone: { from: deep, to: '+254700000002' } } },
              events: [
                { type: 'PatientDetailsUpdated', data: { changes: { phone: '+254700000002' } } },
              ],
            }),
          ],
        },
        authorization: admin,
      })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        {
          what: `${maxCommandsPerPush + 1} valid commands`,
          body: {
            device_id: deviceId,
            commands: Array.from({ length: maxCommandsPerPush + 1 }, (_, index) => ({
              ...registration(ground),
              client_seq: index + 1,
            })),
          },
        },
        (() => {
          const twice = registration(ground);
          return {
            what: 'one command_id twice in the batch',
            body: { device_id: deviceId, commands: [twice, { ...twice, client_seq: 2 }] },
          };
        })(),
        {
          what: `${maxCommandsPerPush} refused commands`,
          body: refusedFlood(ground, deviceId),
          authorization: admin,
        },
        {
          what: 'a device-bound session pushing as another device',
          body: { device_id: 'someone-elses-tablet', commands: [registration(ground)] },
          authorization: {
            what: 'token bound to another device',
            header: `Bearer ${a.deviceToken}`,
            refused: false,
          },
        },
        {
          what: "a nurse changing the clinic's settings",
          body: {
            device_id: deviceId,
            commands: [
              command({
                type: 'ChangeHospitalSettings',
                aggregate_type: 'hospital',
                aggregate_id: a.hospitalId,
                expected_version: a.hospitalVersion,
                payload: { changes: { idle_lock_minutes: 1 } },
                events: [
                  { type: 'HospitalSettingsChanged', data: { changes: { idle_lock_minutes: 1 } } },
                ],
              }),
            ],
          },
          authorization: {
            what: "a nurse's token",
            header: `Bearer ${a.nurseToken}`,
            refused: false,
          },
        },
      ),
    },
  );
  return jsonRoute({
    route: 'POST /sync/push',
    path: '/sync/push',
    valid,
    breakers,
    authorization: authorizations(ground),
    special,
  });
}
