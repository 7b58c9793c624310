import { createHash } from 'node:crypto';
import http from 'node:http';
import fc from 'fast-check';
import pg from 'pg';
import {
  prescriptionSigningText,
  sha256HexOfText,
  uuidv7,
  type AggregateType,
  type PushResponse,
  type SessionResponse,
} from '@mymedic/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionOnDevice, signUpClinic, startTestServer, type TestServer } from '../test-server';
import { api, registration, TestDevice } from '../support';
import {
  loginRequests,
  refreshTokenRequests,
  signupRequests,
  staffAccountRequests,
} from './hostile-accounts';
import { commandRequests } from './hostile-commands';
import { passwordChangeRequests, passwordResetRequests } from './hostile-passwords';
import { deviceRequests } from './hostile-devices';
import { portalAnswerRequests, portalSignInRequests } from './hostile-portal';
import { commandShapes } from './hostile-payloads';
import { judgeRead, readRequests } from './hostile-reads';
import { fileRequests, fileText, type FileGround } from './hostile-files';
import { deviceId as sharedTablet, pushRequests, refusedFlood } from './hostile-pushes';
import {
  queryRequest,
  routeNames,
  type Battleground,
  type HostileRequest,
  type RouteName,
} from './hostile-requests';
import { send, sendAll, type Answer } from './send';

// The size and the seed come from the environment, so CI picks what fits and a failure
// reruns: RELIABILITY_SEED=<the seed printed> pnpm test:reliability sends the same
// requests in the same order (#index in a report), with fresh ids.
const whole = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a whole number`);
  return value;
};
const runs = whole('RELIABILITY_RUNS', 10_000);
const seed = whole('RELIABILITY_SEED', 20_250_304);
const concurrency = 16;
const databaseUrl = process.env.DATABASE_URL;

/**
 * Refusals each person keeps (REFUSALS_KEPT_PER_USER), small so that the hostile traffic
 * goes past it: refused commands are recorded, the oldest pruned beyond this.
 */
const refusalsKept = 40;

/**
 * Tables a refused request must leave alone (login_failures is written by throttling;
 * `commands` counts stored commands here, refusals are counted against their bound).
 */
const storedTables = [
  'document_files',
  'event_store',
  'hospital_heads',
  'streams',
  'commands',
  'users',
  'credentials',
  'refresh_tokens',
  'document_files',
  'revoked_devices',
  'portal_challenges',
  'portal_sessions',
  'password_changes',
] as const;
type RowCounts = Record<(typeof storedTables)[number], number>;

/** The share of each route in the traffic. */
const hostileTraffic = (ground: Battleground, files: FileGround): fc.Arbitrary<HostileRequest> =>
  fc.oneof(
    { weight: 10, arbitrary: fileRequests(ground, files) },
    { weight: 12, arbitrary: signupRequests(ground) },
    { weight: 12, arbitrary: loginRequests(ground) },
    { weight: 8, arbitrary: refreshTokenRequests(ground, 'POST /auth/refresh') },
    { weight: 8, arbitrary: refreshTokenRequests(ground, 'POST /auth/logout') },
    { weight: 12, arbitrary: staffAccountRequests(ground) },
    { weight: 6, arbitrary: passwordChangeRequests(ground) },
    { weight: 4, arbitrary: passwordResetRequests(ground) },
    { weight: 30, arbitrary: pushRequests(ground) },
    { weight: 12, arbitrary: queryRequest('GET /sync/pull', ground) },
    { weight: 6, arbitrary: queryRequest('GET /sync/live', ground) },
    { weight: 6, arbitrary: deviceRequests(ground) },
    { weight: 20, arbitrary: readRequests(ground) },
    { weight: 24, arbitrary: commandRequests(ground) },
    { weight: 8, arbitrary: portalSignInRequests(ground) },
    { weight: 8, arbitrary: portalAnswerRequests(ground) },
  );

interface ErrorAnswer {
  error?: { code?: unknown; message?: unknown };
}

/**
 * What is wrong with an answer, if anything. A refusal is a 4xx JSON error; the only
 * successes allowed are those that change nothing and show nothing of another tenant.
 */
function judge(request: HostileRequest, answer: Answer, ground: Battleground, head: number) {
  if (answer.failure) return `no answer: ${answer.failure}`;
  const { status } = answer;
  if (status >= 500) return `status ${status}`;
  if (request.refusedToken && status < 400) return `status ${status} for a token to refuse`;
  let json: unknown;
  try {
    json = answer.text ? JSON.parse(answer.text) : undefined;
  } catch {
    json = undefined;
  }
  if (status >= 400) {
    const error = (json as ErrorAnswer | undefined)?.error;
    if (/\n\s+at |"stack":/.test(answer.text)) return `${status} with a stack trace`;
    if (!answer.contentType.startsWith('application/json'))
      return `${status} as ${answer.contentType}`;
    if (typeof error?.code !== 'string' || !error.code) return `${status} without an error code`;
    if (typeof error.message !== 'string' || !error.message) return `${status} without a message`;
    return undefined;
  }
  switch (request.route) {
    case 'POST /auth/logout':
      // Signing out with a token never issued is a no-op.
      return status === 204 ? undefined : `status ${status}`;
    case 'GET /sync/pull': {
      if (status !== 200) return `status ${status}`;
      const events = (json as { events?: { hospital_id?: string }[] } | undefined)?.events;
      if (!Array.isArray(events)) return 'a pull without events';
      const stranger = events.find((event) => event.hospital_id !== ground.a.hospitalId);
      return stranger ? `pulled an event of hospital ${stranger.hospital_id}` : undefined;
    }
    case 'GET /sync/live': {
      if (status !== 200) return `status ${status}`;
      // Tenant A's head: refused requests never move it, and B's is far lower.
      const said = /^data: \{"head":(\d+)\}\n\n$/.exec(answer.text);
      return said && Number(said[1]) >= head
        ? undefined
        : `live stream said ${JSON.stringify(answer.text.slice(0, 80))}`;
    }
    case 'POST /sync/push': {
      if (status !== 200) return `status ${status}`;
      const { results } = json as PushResponse;
      const taken = results.find(
        (result) =>
          !(result.status === 'rejected' || result.status === 'conflict') ||
          typeof result.error?.code !== 'string' ||
          typeof result.error.message !== 'string',
      );
      return taken ? `a command came back ${taken.status}` : undefined;
    }
    case 'GET /devices': {
      // Tenant A's admin sees A's devices only: none of B's sessions is ever listed.
      const devices = (json as { devices?: unknown } | undefined)?.devices;
      return status === 200 && Array.isArray(devices) ? undefined : `status ${status}`;
    }
    // The reads answer only what is the asker's own (every B id is unknown to A).
    case 'GET /patients':
    case 'GET /patients/search':
    case 'GET /patients/:id':
    case 'GET /patients/:id/history':
    case 'GET /appointments':
    case 'GET /visits':
    case 'GET /users':
    case 'GET /prescriptions/:id':
    case 'GET /fhir/Patient/:id':
    case 'GET /fhir/Patient':
    case 'GET /fhir/Patient/:id/$everything':
      return status === 200 ? judgeRead(request, answer.text, ground) : `status ${status}`;
    // Every device id sent is the admin's own, unknown here, or not a device id at all.
    // No channel sends codes here, and only broken bodies reach the patient's routes.
    case 'POST /devices/:id/revoke':
    case 'PUT /files/:sha256':
    case 'POST /auth/signup':
    case 'POST /auth/login':
    case 'POST /auth/refresh':
    case 'POST /users':
    case 'POST /auth/password':
    case 'POST /users/:id/password-reset':
    case 'POST /commands/:command':
    case 'POST /portal/api/sign-in/start':
    case 'POST /portal/api/sign-in/verify':
    case 'POST /portal/api/appointments/:id/cancel':
    case 'POST /portal/api/consents':
      return `status ${status}`;
  }
}

/** A query over every tenant, as the superuser (row level security hides nothing). */
async function superuserQuery<Row>(server: TestServer, query: string): Promise<Row[]> {
  if (!databaseUrl) {
    // PGlite's one connection is the superuser, so row level security does not hide rows.
    const { rows } = await server.database.query<Row & Record<string, unknown>>(query);
    return rows;
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<Row & pg.QueryResultRow>(query);
    return rows;
  } finally {
    await client.end();
  }
}

async function countRows(server: TestServer): Promise<RowCounts & { login_failures: number }> {
  const query = `SELECT ${[...storedTables, 'login_failures']
    .map((table) =>
      table === 'commands'
        ? `(SELECT count(*) FROM commands WHERE status IN ('accepted', 'rebased'))::int AS commands`
        : `(SELECT count(*) FROM ${table})::int AS ${table}`,
    )
    .join(', ')}`;
  return (await superuserQuery<RowCounts & { login_failures: number }>(server, query))[0]!;
}

/** The read models: a refused request changes none of their rows. */
const readModels = [
  'patients',
  'visits',
  'vitals',
  'notes',
  'prescriptions',
  'documents',
  'appointments',
] as const;

/**
 * What the server holds, as digests: the log's head and each hospital's, every read
 * model's rows and where each projection stands, once the projector has caught up.
 */
async function holdings(server: TestServer, ground: Battleground) {
  await server.app.projector.catchUp(ground.a.hospitalId);
  await server.app.projector.catchUp(ground.b.hospitalId);
  const digest = (table: string, row = 't::text') =>
    `(SELECT md5(coalesce(string_agg(${row}, '|' ORDER BY ${row}), '')) FROM ${table} t) AS ${table}`;
  const [row] = await superuserQuery<Record<string, string>>(
    server,
    `SELECT (SELECT max(position) FROM event_store)::text AS head,
            ${digest('hospital_heads')},
            ${digest('projection_checkpoints', "t.hospital_id || t.projection || ':' || t.position")},
            ${digest('projection_errors')},
            ${readModels.map((table) => digest(table)).join(', ')}`,
  );
  return row!;
}

/** The events stored since `position`, to name what a refused request stored. */
const storedSince = (server: TestServer, position: string) =>
  superuserQuery<{ type: string; aggregate_id: string; command_id: string }>(
    server,
    `SELECT type, aggregate_id::text AS aggregate_id, command_id::text AS command_id
       FROM event_store WHERE position > ${Number(position)} ORDER BY position LIMIT 20`,
  );

/** The refusals each person of the two clinics has recorded, most first. */
const refusalsByPerson = (server: TestServer, ground: Battleground) =>
  superuserQuery<{ user_id: string; refusals: number; devices: number }>(
    server,
    `SELECT user_id::text AS user_id, count(*)::int AS refusals,
            count(DISTINCT device_id)::int AS devices
       FROM commands
      WHERE status IN ('conflict', 'rejected')
        AND hospital_id IN ('${ground.a.hospitalId}', '${ground.b.hospitalId}')
      GROUP BY hospital_id, user_id ORDER BY refusals DESC`,
  );

const preview = (text: string | undefined, length = 240) =>
  text === undefined
    ? '(no body)'
    : text.length > length
      ? `${JSON.stringify(text.slice(0, length))}... (${text.length} chars)`
      : JSON.stringify(text);

describe(`hostile bodies on ${databaseUrl ? 'postgresql' : 'pglite'}`, () => {
  let server: TestServer;
  let hillside: SessionResponse;
  let nurseSession: SessionResponse;
  let ground: Battleground;
  let files: FileGround;
  let head: number;
  const adminPassword = 'Hillside admin pass 4471';

  beforeAll(async () => {
    // Behind a trusted proxy, so each hostile request can come from its own address and
    // reach the body checks instead of the per-address limits.
    // A small quota for files and a low cap on live streams, so floods reach both.
    server = await startTestServer({
      ...(databaseUrl ? { databaseUrl } : {}),
      config: {
        trustProxy: true,
        refusalsKept,
        filesQuotaBytesPerHospital: 64 * 1024,
        liveMaxPerSession: 3,
        liveMaxPerHospital: 10,
      },
    });
    hillside = await signUpClinic(server.url, 'Hillside Clinic', {
      password: adminPassword,
      device_id: sharedTablet,
    });
    const lakeside = await signUpClinic(server.url, 'Lakeside Clinic');

    /** A colleague in Hillside, signed in on a device. */
    const colleague = async (roles: string[], device: string) => {
      const email = `colleague-${uuidv7()}@hillside.example`;
      const created = await api<{ user_id: string }>(server.url, '/users', {
        token: hillside.token,
        body: { email, full_name: 'Njeri Wambui', roles, password: 'ward round 2b' },
      });
      expect(created.status).toBe(201);
      const session = await api<SessionResponse>(server.url, '/auth/login', {
        body: { email, password: 'ward round 2b', device_id: device },
      });
      expect(session.status).toBe(200);
      return { userId: created.body.user_id, token: session.body.token, session: session.body };
    };
    const nurse = await colleague(['nurse'], sharedTablet);
    nurseSession = nurse.session;
    const frontDesk = await api<SessionResponse>(server.url, '/auth/login', {
      body: { email: hillside.user.email, password: adminPassword, device_id: 'front-desk-tablet' },
    });
    expect(frontDesk.status).toBe(200);

    // Old tokens: an admin made receptionist, a nurse deactivated, a session signed out.
    const demoted = await colleague(['admin'], 'second-admin-desk');
    const deactivated = await colleague(['nurse'], 'night-shift-tablet');
    const demotedDoctor = await colleague(['doctor'], 'consult-room-3');
    const adminDesk = new TestDevice(server.url, hillside);
    await adminDesk.pullAll();
    const changes = await adminDesk.push([
      adminDesk.command('ChangeUserRoles', 'user', demoted.userId, { roles: ['receptionist'] }),
      adminDesk.command('DeactivateUser', 'user', deactivated.userId, {
        reason: 'Left the clinic',
      }),
      adminDesk.command('ChangeUserRoles', 'user', demotedDoctor.userId, {
        roles: ['receptionist'],
      }),
    ]);
    expect(changes.body.results.map((result) => result.status)).toEqual([
      'accepted',
      'accepted',
      'accepted',
    ]);
    const signedOut = await api<SessionResponse>(server.url, '/auth/login', {
      body: { email: hillside.user.email, password: adminPassword, device_id: 'signed-out-desk' },
    });
    expect(
      (
        await api(server.url, '/auth/logout', {
          body: { refresh_token: signedOut.body.refresh_token },
        })
      ).status,
    ).toBe(204);

    // A patient in each clinic, and a waiting room in A so that its head is far above B's.
    const patientOf = async (session: SessionResponse, waiting: number) => {
      const tablet = new TestDevice(server.url, session);
      await tablet.pullAll();
      const patientId = uuidv7();
      const address = { line1: 'Plot 12', village: 'Kiambu', city: 'Nairobi' };
      const { body } = await tablet.push([
        tablet.command('RegisterPatient', 'patient', patientId, registration({ address })),
        ...Array.from({ length: waiting }, () =>
          tablet.command('RegisterPatient', 'patient', uuidv7(), registration()),
        ),
      ]);
      expect(body.results.every((result) => result.status === 'accepted')).toBe(true);
      const log = await tablet.pullAll();
      const hospitalVersion = tablet.streamOf(session.user.hospital_id).length;
      return { patientId, patientVersion: 1, hospitalVersion, head: log.at(-1)!.position };
    };
    const inHillside = await patientOf(hillside, 20);

    // The front-desk tablet attaches three documents and uploads one: the quota is then
    // nearly full, the second would pass it, the third records the wrong size.
    files = {
      stored: fileText('stored', 40_000),
      overQuota: fileText('over quota', 40_000),
      wrongSize: fileText('wrong size', 1_000),
    };
    const desk = new TestDevice(server.url, frontDesk.body, 'front-desk-tablet');
    const documentId = uuidv7();
    const attached = await desk.push(
      (Object.entries(files) as [keyof FileGround, string][]).map(([name, text], index) =>
        desk.command('AttachDocument', 'document', index === 0 ? documentId : uuidv7(), {
          patient_id: inHillside.patientId,
          visit_id: null,
          category: 'lab_report',
          title: name,
          file_name: `${name}.txt`,
          mime_type: 'text/plain',
          size_bytes: text.length - (name === 'wrongSize' ? 1 : 0),
          sha256: createHash('sha256').update(text).digest('hex'),
        }),
      ),
    );
    expect(attached.body.results.map((result) => result.status)).toEqual([
      'accepted',
      'accepted',
      'accepted',
    ]);
    const upload = await fetch(
      `${server.url}/files/${createHash('sha256').update(files.stored).digest('hex')}`,
      {
        method: 'PUT',
        headers: { authorization: `Bearer ${frontDesk.body.token}`, 'content-type': 'text/plain' },
        body: files.stored,
      },
    );
    expect(upload.status).toBe(201);

    // A doctor's draft note, which forged signatures aim at: it must stay a draft.
    const doctorEmail = `grace-${uuidv7()}@hillside.example`;
    const doctorCreated = await api(server.url, '/users', {
      token: hillside.token,
      body: {
        email: doctorEmail,
        full_name: 'Grace Okello',
        role: 'doctor',
        password: 'stethoscope 42',
      },
    });
    expect(doctorCreated.status).toBe(201);
    const doctor = await api<SessionResponse>(server.url, '/auth/login', {
      body: { email: doctorEmail, password: 'stethoscope 42', device_id: sharedTablet },
    });
    expect(doctor.status).toBe(200);
    const noteBody = 'Wheeze on both sides. Peak flow 62% of predicted.';
    const doctorsTablet = new TestDevice(server.url, doctor.body);
    await doctorsTablet.pullAll();
    const noteId = uuidv7();
    const drafted = await doctorsTablet.push([
      doctorsTablet.command('DraftNote', 'note', noteId, {
        patient_id: inHillside.patientId,
        body: noteBody,
      }),
    ]);
    expect(drafted.body.results[0]!.status).toBe('accepted');
    const messageId = uuidv7();
    const messaged = await doctorsTablet.push([
      doctorsTablet.command('SendMessage', 'message', messageId, {
        recipient: { kind: 'role', role: 'nurse' },
        body: 'Bed 3 needs a dressing change',
      }),
    ]);
    expect(messaged.body.results[0]!.status).toBe('accepted');

    // Through the REST commands, as the doctor: a patient with an allergy, a visit,
    // vitals and a prescription, which the front desk may never read, and an aggregate
    // of each type for the hostile commands to aim at.
    const doctorId = doctor.body.user.user_id;
    const sample = (type: string) =>
      commandShapes()
        .find((shape) => shape.type === type)!
        .valid();
    const issue = async (name: string, body: Record<string, unknown>) => {
      const answer = await api<{ aggregate_id: string }>(server.url, `/commands/${name}`, {
        token: doctor.body.token,
        body,
      });
      expect(answer.status, `${name}: ${JSON.stringify(answer.body)}`).toBe(200);
      return answer.body.aggregate_id;
    };
    const clinicalPatientId = await issue('register-patient', {
      payload: sample('RegisterPatient'),
    });
    await issue('record-allergy', {
      aggregate_id: clinicalPatientId,
      expected_version: 1,
      payload: sample('RecordAllergy'),
    });
    const links = { patient_id: clinicalPatientId, doctor_id: doctorId, location_id: null };
    const appointmentId = await issue('schedule-appointment', {
      payload: { ...sample('ScheduleAppointment'), ...links, starts_at: '2030-06-01T09:00:00Z' },
    });
    const visitId = await issue('check-in-patient', {
      payload: {
        ...sample('CheckInPatient'),
        ...links,
        appointment_id: null,
        checked_in_at: new Date(Date.now() - 60_000).toISOString(),
      },
    });
    const vitalsId = await issue('record-vitals', {
      payload: {
        ...sample('RecordVitals'),
        patient_id: clinicalPatientId,
        visit_id: visitId,
        taken_at: new Date(Date.now() - 30_000).toISOString(),
      },
    });
    const prescription = {
      patient_id: clinicalPatientId,
      visit_id: visitId,
      medications: [
        {
          name: 'Amoxicillin',
          dosage: '500 mg',
          frequency: 'tds',
          duration: '5 days',
          quantity: 15,
          instructions: null,
        },
      ],
      diagnosis: null,
    };
    const prescriptionId = await issue('issue-prescription', {
      payload: {
        ...prescription,
        content_sha256: sha256HexOfText(prescriptionSigningText(prescription)),
      },
    });
    head = (await doctorsTablet.pullAll()).at(-1)!.position;
    const inLakeside = await patientOf(lakeside, 0);
    const versions = new Map(
      (
        await superuserQuery<{ aggregate_id: string; version: number }>(
          server,
          `SELECT aggregate_id::text AS aggregate_id, max(version)::int AS version
             FROM event_store WHERE hospital_id = '${hillside.user.hospital_id}'
            GROUP BY aggregate_id`,
        )
      ).map((row) => [row.aggregate_id, row.version]),
    );
    const targets: Partial<Record<AggregateType, { id: string; version: number }>> = {};
    for (const [type, id] of [
      ['hospital', hillside.user.hospital_id],
      ['user', nurse.userId],
      ['patient', clinicalPatientId],
      ['appointment', appointmentId],
      ['visit', visitId],
      ['note', noteId],
      ['prescription', prescriptionId],
      ['document', documentId],
      ['message', messageId],
      ['vitals', vitalsId],
    ] as const) {
      expect(versions.get(id), `the ${type} aimed at`).toBeGreaterThan(0);
      targets[type] = { id, version: versions.get(id)! };
    }
    // Every command of the registry has a payload its schema takes and, unless it starts
    // its aggregate, one to aim at: a new command is covered, or this says why not.
    for (const shape of commandShapes()) {
      const parsed = shape.definition.payload.safeParse(shape.valid());
      expect(parsed.success, `a sample ${shape.type}: ${parsed.error?.message}`).toBe(true);
      if (!shape.definition.creates)
        expect(targets[shape.definition.aggregateType], `what ${shape.type} aims at`).toBeDefined();
    }

    // The clinical patient signed in to the portal (a session made as verifying a code
    // would), and a session of theirs since signed out.
    const portalSession = async (revoked: boolean) => {
      const sessionId = uuidv7();
      await superuserQuery(
        server,
        `INSERT INTO portal_sessions (hospital_id, session_id, patient_id, challenge_id, created_at,
                                      expires_at, revoked_at)
         VALUES ('${hillside.user.hospital_id}', '${sessionId}', '${clinicalPatientId}', '${uuidv7()}',
                 now(), now() + interval '12 hours', ${revoked ? 'now()' : 'NULL'})`,
      );
      return server.app.portalTokens.sign(
        { sub: clinicalPatientId, hospital_id: hillside.user.hospital_id, sid: sessionId },
        { expiresIn: 12 * 3600 },
      );
    };
    const portalToken = await portalSession(false);
    const signedOutPortalToken = await portalSession(true);

    ground = {
      jwtSecret: server.config.jwtSecret,
      a: {
        hospitalId: hillside.user.hospital_id,
        hospitalVersion: inHillside.hospitalVersion,
        adminId: hillside.user.user_id,
        adminEmail: hillside.user.email,
        adminToken: hillside.token,
        nurseToken: nurse.token,
        deviceToken: frontDesk.body.token,
        deviceId: sharedTablet,
        demotedAdminToken: demoted.token,
        deactivatedToken: deactivated.token,
        signedOutToken: signedOut.body.token,
        patientId: inHillside.patientId,
        patientVersion: inHillside.patientVersion,
        doctorId: doctor.body.user.user_id,
        doctorToken: doctor.body.token,
        noteId,
        noteBody,
        demotedDoctorToken: demotedDoctor.token,
        clinicalPatientId,
        prescriptionId,
        targets,
        portalToken,
        signedOutPortalToken,
        portalAppointmentId: appointmentId,
      },
      b: {
        hospitalId: lakeside.user.hospital_id,
        adminId: lakeside.user.user_id,
        adminEmail: lakeside.user.email,
        patientId: inLakeside.patientId,
        patientVersion: inLakeside.patientVersion,
      },
    };
  });
  afterAll(() => server?.close());

  it(`answers ${runs} malformed and hostile requests with 4xx, storing nothing but bounded refusals`, async () => {
    console.log(
      `hostile bodies: seed ${seed} (RELIABILITY_SEED), ${runs} requests (RELIABILITY_RUNS), ` +
        `${concurrency} in flight, on ${databaseUrl ? 'postgresql' : 'pglite'}`,
    );
    const requests = fc.sample(hostileTraffic(ground, files), { seed, numRuns: runs });
    const before = await countRows(server);
    expect(before.event_store, 'the counting connection must see every tenant').toBeGreaterThan(0);
    const heldBefore = await holdings(server, ground);

    const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
    const sent = Object.fromEntries(routeNames.map((route) => [route, 0])) as Record<
      RouteName,
      number
    >;
    const statuses = new Map<string, number>();
    const problems: string[] = [];
    let serverErrors = 0;
    const started = performance.now();
    await sendAll(requests, concurrency, async (request, index) => {
      const answer = await send(server.url, request, agent);
      sent[request.route] += 1;
      const key = `${request.route} ${answer.status}`;
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
      if (answer.status >= 500) serverErrors += 1;
      const problem = judge(request, answer, ground, head);
      if (problem) {
        problems.push(
          `#${index} ${request.route} [${request.what}]: ${problem}\n` +
            `    sent ${preview(request.body?.())}\n    got ${preview(answer.text)}`,
        );
      }
    });
    agent.destroy();
    const seconds = (performance.now() - started) / 1000;

    const after = await countRows(server);
    const heldAfter = await holdings(server, ground);
    const stored = storedTables.filter((table) => after[table] !== before[table]);
    const rowsStored = storedTables.reduce(
      (sum, table) => sum + Math.abs(after[table] - before[table]),
      0,
    );
    console.log(
      `hostile bodies: ${requests.length} sent, ${serverErrors} 5xx, ${rowsStored} rows stored, ` +
        `by route: ${routeNames.map((route) => `${route} ${sent[route]}`).join(', ')} ` +
        `(${seconds.toFixed(1)} s, ${after.login_failures - before.login_failures} login failures recorded)`,
    );
    console.log(
      `hostile bodies: answers: ${[...statuses]
        .sort(([left], [right]) => left.localeCompare(right))
        .map(([key, count]) => `${key} x${count}`)
        .join(', ')}`,
    );
    if (problems.length > 0) {
      console.log(
        `hostile bodies: ${problems.length} bad answers (seed ${seed}); the first ones:\n` +
          problems.slice(0, 25).join('\n'),
      );
    }
    expect(problems.slice(0, 25), `seed ${seed}`).toEqual([]);
    expect(
      Object.fromEntries(stored.map((table) => [table, after[table] - before[table]])),
      `rows stored (seed ${seed})`,
    ).toEqual({});
    const changed = Object.keys(heldBefore).filter((key) => heldBefore[key] !== heldAfter[key]);
    expect(
      changed,
      `read side or head changed (seed ${seed}); events stored: ${JSON.stringify(
        await storedSince(server, heldBefore.head!),
      )}`,
    ).toEqual([]);
    const refusals = await refusalsByPerson(server, ground);
    console.log(
      `hostile bodies: refusals kept per person: ${JSON.stringify(refusals)} (at most ${refusalsKept})`,
    );
    // Exact, with 16 in flight: one person's refusals are written one after the other.
    expect(refusals.filter((person) => person.refusals > refusalsKept)).toEqual([]);

    // The admin's email took wrong passwords from thousands of addresses; from the
    // clinic's own desk, which never failed, the admin still signs in.
    const ownDesk = await fetch(`${server.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.200' },
      body: JSON.stringify({
        email: ground.a.adminEmail,
        password: adminPassword,
        device_id: 'hillside-own-desk',
      }),
    });
    expect(ownDesk.status).toBe(200);

    // The server still works for the clinic that was attacked.
    const tablet = new TestDevice(server.url, hillside);
    await tablet.pullAll();
    const afterwards = await tablet.push([
      tablet.command('RegisterPatient', 'patient', uuidv7(), registration()),
    ]);
    expect(afterwards.body.results[0]!.status).toBe('accepted');
  });

  it('keeps the real person signing in through a flood of wrong passwords from many addresses', async () => {
    const login = (password: string, address: string) =>
      fetch(`${server.url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
        body: JSON.stringify({ email: ground.a.adminEmail, password, device_id: 'flood-desk-1' }),
      });
    // 400 guesses from 50 addresses, 16 at a time.
    const guesses = Array.from({ length: 400 }, (_, index) => ({
      password: `guess number ${index}`,
      address: `198.18.0.${1 + (index % 50)}`,
    }));
    const statuses = new Map<number, number>();
    await sendAll(guesses, concurrency, async ({ password, address }) => {
      const response = await login(password, address);
      await response.arrayBuffer();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    });
    console.log(
      `wrong-password flood: ${[...statuses].map(([status, count]) => `${status} x${count}`).join(', ')}`,
    );
    expect([...statuses.keys()].every((status) => status === 401 || status === 429)).toBe(true);
    expect(statuses.get(429)).toBeGreaterThan(0);
    // An address of the flood is made to wait, and told how long.
    const attacker = await login(adminPassword, '198.18.0.1');
    expect(attacker.status).toBe(429);
    expect(Number(attacker.headers.get('retry-after'))).toBeGreaterThan(0);
    // The person's own desk, which never failed, signs in at once.
    expect((await login(adminPassword, '192.0.2.201')).status).toBe(200);
  });

  it('caps a flood of live connections per session and per hospital', async () => {
    const open = async (token: string) => {
      const abort = new AbortController();
      const response = await fetch(`${server.url}/sync/live`, {
        headers: { authorization: `Bearer ${token}` },
        signal: abort.signal,
      });
      const reader = response.body!.getReader() as ReadableStreamDefaultReader<Uint8Array>;
      // The first message (or the whole refusal) is there before the count is read.
      await reader.read().catch(() => undefined);
      return { status: response.status, close: () => abort.abort() };
    };
    // 40 streams of one session at once: it never holds more than 3.
    const sameSession = await Promise.all(
      Array.from({ length: 40 }, () => open(ground.a.deviceToken)),
    );
    expect(sameSession.every((stream) => stream.status === 200 || stream.status === 409)).toBe(
      true,
    );
    expect(server.app.liveConnections.count(ground.a.hospitalId)).toBeLessThanOrEqual(3);
    for (const stream of sameSession) stream.close();

    // 30 sessions of their own (tokens the server signs for 30 devices): 10 get a stream.
    const devices: string[] = [];
    for (let index = 0; index < 30; index += 1) {
      devices.push((await sessionOnDevice(server, hillside, `flood-tablet-${index}`)).token);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    const manySessions = [];
    for (const token of devices) manySessions.push(await open(token));
    const refused = manySessions.filter((stream) => stream.status === 429).length;
    expect(manySessions.length - refused).toBeLessThanOrEqual(10);
    expect(refused).toBeGreaterThanOrEqual(20);
    expect(server.app.liveConnections.count(ground.a.hospitalId)).toBeLessThanOrEqual(10);
    // Another clinic is not held back by the flood.
    const other = await signUpClinic(server.url, 'Quiet Clinic');
    const quiet = await open(other.token);
    expect(quiet.status).toBe(200);
    for (const stream of [...manySessions, quiet]) stream.close();
  });

  it('keeps refused commands within the bound, whatever devices the bodies name', async () => {
    // Three full bodies per person, each from a device of its own (signed in there): a
    // bound per device would let them grow without end.
    const devices: { device: string; token: string }[] = [];
    for (const person of [hillside, nurseSession]) {
      for (let round = 0; round < 3; round += 1) {
        const device = `made-up-tablet-${uuidv7()}`;
        devices.push({ device, token: (await sessionOnDevice(server, person, device)).token });
      }
    }
    const before = await countRows(server);
    for (const { device, token } of devices) {
      const answer = await api<PushResponse>(server.url, '/sync/push', {
        token,
        body: refusedFlood(ground, device),
      });
      expect(answer.status).toBe(200);
      expect(new Set(answer.body.results.map((result) => result.status))).toEqual(
        new Set(['rejected']),
      );
    }
    // The two people flooding here, one push at a time: held to the bound exactly.
    const flooders = new Set([hillside.user.user_id, nurseSession.user.user_id]);
    const refusals = (await refusalsByPerson(server, ground)).filter((person) =>
      flooders.has(person.user_id),
    );
    expect(refusals).toHaveLength(2);
    for (const person of refusals) expect(person.refusals).toBeLessThanOrEqual(refusalsKept);
    // The admin and the nurse each sent past the bound.
    expect(refusals.filter((person) => person.refusals === refusalsKept).length).toBeGreaterThan(1);
    expect(await countRows(server)).toEqual(before);
  });
});
