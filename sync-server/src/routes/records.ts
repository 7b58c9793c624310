import {
  appointmentsQuerySchema,
  appointmentsResponseSchema,
  dayQuerySchema,
  mayRead,
  patientHistoryResponseSchema,
  patientListQuerySchema,
  patientListResponseSchema,
  patientParamsSchema,
  patientRecordResponseSchema,
  patientSearchQuerySchema,
  patientSearchResponseSchema,
  prescriptionParamsSchema,
  prescriptionResponseSchema,
  staffListResponseSchema,
  staffQuerySchema,
  visitsResponseSchema,
  type StaffMember,
} from '@mymedic/shared';
import type { FastifyRequest } from 'fastify';
import type { Database, Sql } from '../db/database';
import { withTenant } from '../db/tenant';
import { HttpError } from '../errors';
import { authenticate } from '../plugins/authenticate';
import { refusals, requestPart, type ContractRoutes } from '../plugins/contract';
import {
  appointmentsOfPatient,
  appointmentsOn,
  listPatients,
  readPatient,
  recordById,
  recordsOfPatient,
  searchPatients,
  visitForReader,
  visitsOn,
} from '../read-side/queries';

export interface RecordRouteOptions {
  database: Database;
}

const notFound = (what: string) => new HttpError(404, 'not_found', `No such ${what} here`);

/**
 * The REST API's reads, from the server's read models (docs/api.md). Every route needs
 * a signed-in person and reads only their organisation (row level security); what
 * their roles may read is decided from the database on each request, as on the sync:
 * the front desk gets who the patients are, the diary and where visits stand, never
 * clinical content. The read models lag the log by the projector's round (usually well
 * under a second; `/health` says how far).
 */
export const recordRoutes: ContractRoutes<RecordRouteOptions> = (app, { database }, done) => {
  const read = <T>(
    request: FastifyRequest,
    work: (sql: Sql, readsClinical: boolean) => Promise<T>,
  ) =>
    withTenant(database, request.auth.hospitalId, (sql) =>
      work(sql, mayRead(request.auth.roles, 'clinical')),
    );

  app.get(
    '/patients',
    {
      preValidation: authenticate,
      schema: {
        querystring: requestPart('patient list query', patientListQuerySchema),
        response: { 200: patientListResponseSchema, ...refusals },
      },
    },
    async (request) => {
      const { limit, offset } = request.query;
      const page = await read(request, (sql) =>
        listPatients(sql, request.auth.hospitalId, { limit, offset }),
      );
      return { ...page, limit, offset };
    },
  );

  app.get(
    '/patients/search',
    {
      preValidation: authenticate,
      schema: {
        querystring: requestPart('patient search', patientSearchQuerySchema),
        response: { 200: patientSearchResponseSchema, ...refusals },
      },
    },
    async (request) => ({
      results: await read(request, (sql) =>
        searchPatients(sql, request.auth.hospitalId, request.query.q, request.query.limit),
      ),
    }),
  );

  app.get(
    '/patients/:patient_id',
    {
      preValidation: authenticate,
      schema: {
        params: requestPart('patient', patientParamsSchema),
        response: { 200: patientRecordResponseSchema, ...refusals },
      },
    },
    async (request) => {
      const patient = await read(request, (sql, readsClinical) =>
        readPatient(sql, request.auth.hospitalId, request.params.patient_id, readsClinical),
      );
      if (!patient) throw notFound('patient');
      return patient;
    },
  );

  app.get(
    '/patients/:patient_id/history',
    {
      preValidation: authenticate,
      schema: {
        params: requestPart('patient', patientParamsSchema),
        response: { 200: patientHistoryResponseSchema, ...refusals },
      },
    },
    async (request) => {
      const hospitalId = request.auth.hospitalId;
      const patientId = request.params.patient_id;
      return read(request, async (sql, readsClinical) => {
        if (!(await readPatient(sql, hospitalId, patientId, false))) throw notFound('patient');
        const visits = await recordsOfPatient(sql, hospitalId, 'visits', patientId);
        const documents = await recordsOfPatient(sql, hospitalId, 'documents', patientId);
        const clinical = readsClinical
          ? {
              vitals: (await recordsOfPatient(sql, hospitalId, 'vitals', patientId)).map(
                (record) => ({
                  vitals_id: record.id,
                  ...record.state.measurement,
                  entered_in_error: record.state.entered_in_error ?? null,
                }),
              ),
              prescriptions: (
                await recordsOfPatient(sql, hospitalId, 'prescriptions', patientId)
              ).map((record) => ({
                prescription_id: record.id,
                status: record.state.status,
                ...record.state.prescription,
                cancellation: record.state.cancellation,
              })),
              notes: (await recordsOfPatient(sql, hospitalId, 'notes', patientId)).map(
                (record) => ({ note_id: record.id, ...record.state }),
              ),
            }
          : {};
        return {
          patient_id: patientId,
          appointments: await appointmentsOfPatient(sql, hospitalId, patientId),
          visits: visits.map((record) => visitForReader(record, readsClinical)),
          ...clinical,
          documents: documents
            .filter((record) => readsClinical || record.state.document?.category !== 'lab_report')
            .map((record) => ({
              document_id: record.id,
              archived: record.state.archived,
              ...record.state.document,
            })),
        };
      });
    },
  );

  app.get(
    '/appointments',
    {
      preValidation: authenticate,
      schema: {
        querystring: requestPart('appointments query', appointmentsQuerySchema),
        response: { 200: appointmentsResponseSchema, ...refusals },
      },
    },
    async (request) =>
      read(request, (sql) => appointmentsOn(sql, request.auth.hospitalId, request.query)),
  );

  app.get(
    '/visits',
    {
      preValidation: authenticate,
      schema: {
        querystring: requestPart('visits query', dayQuerySchema),
        response: { 200: visitsResponseSchema, ...refusals },
      },
    },
    async (request) =>
      read(request, (sql, readsClinical) =>
        visitsOn(sql, request.auth.hospitalId, request.query.date, readsClinical),
      ),
  );

  app.get(
    '/prescriptions/:prescription_id',
    {
      preValidation: authenticate,
      schema: {
        params: requestPart('prescription', prescriptionParamsSchema),
        response: { 200: prescriptionResponseSchema, ...refusals },
      },
    },
    async (request) => {
      if (!mayRead(request.auth.roles, 'clinical'))
        throw new HttpError(403, 'forbidden', 'Prescriptions are for clinicians to read');
      const record = await read(request, (sql) =>
        recordById(sql, request.auth.hospitalId, 'prescriptions', request.params.prescription_id),
      );
      if (!record) throw notFound('prescription');
      return {
        prescription_id: record.id,
        version: record.version,
        status: record.state.status,
        prescription: record.state.prescription,
        cancellation: record.state.cancellation,
        created_at: record.created_at,
        updated_at: record.updated_at,
      };
    },
  );

  // The organisation's staff as any colleague sees them (name, roles, whether still
  // active; no email), by name: the doctors an integration books with.
  app.get(
    '/users',
    {
      preValidation: authenticate,
      schema: {
        querystring: requestPart('staff query', staffQuerySchema),
        response: { 200: staffListResponseSchema, ...refusals },
      },
    },
    async (request) => {
      const { role } = request.query;
      const { rows } = await withTenant(database, request.auth.hospitalId, (sql) =>
        sql.query<StaffMember>(
          `SELECT user_id, full_name, roles, active FROM users
            WHERE hospital_id = $1 AND ($2::text IS NULL OR $2 = ANY(roles))
            ORDER BY full_name, user_id`,
          [request.auth.hospitalId, role ?? null],
        ),
      );
      return { users: rows };
    },
  );
  done();
};
