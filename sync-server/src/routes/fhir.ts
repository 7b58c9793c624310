import {
  fhirPatientSearchQuerySchema,
  fhirResourceSchema,
  mayRead,
  patientParamsSchema,
} from '@mymedic/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/database';
import { withTenant } from '../db/tenant';
import { HttpError } from '../errors';
import { observationResources } from '../fhir/observations';
import {
  allergyResources,
  appointmentResource,
  bundle,
  conditionResources,
  consentResources,
  documentReferenceResource,
  encounterResource,
  medicationRequestResources,
  patientResource,
  type FhirResource,
} from '../fhir/resources';
import { authenticate } from '../plugins/authenticate';
import { refusals, requestPart, type ContractRoutes } from '../plugins/contract';
import {
  appointmentsOfPatient,
  patientRow,
  recordsOfPatient,
  searchPatients,
} from '../read-side/queries';

export interface FhirRouteOptions {
  database: Database;
}

const fhirJson = 'application/fhir+json; charset=utf-8';
const answer = { 200: fhirResourceSchema, ...refusals };

/** Where this server answers, for the Bundle entries' fullUrls and document links. */
const baseOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

/**
 * FHIR R4 export (docs/read-side.md, "FHIR"): a patient, a search by name, and all of a
 * patient's record as one Bundle. Tenant-scoped as every route; for a person who may
 * not read clinical records, only the Patient, its Consents, its Appointments and the
 * Encounters without their findings.
 */
export const fhirRoutes: ContractRoutes<FhirRouteOptions> = (app, { database }, done) => {
  const send = (reply: FastifyReply, body: unknown) => reply.type(fhirJson).send(body);

  app.get(
    '/fhir/Patient/:patient_id',
    {
      preValidation: authenticate,
      schema: { params: requestPart('patient', patientParamsSchema), response: answer },
    },
    async (request, reply) => {
      const row = await withTenant(database, request.auth.hospitalId, (sql) =>
        patientRow(sql, request.auth.hospitalId, request.params.patient_id),
      );
      if (!row) throw new HttpError(404, 'not_found', 'No such patient here');
      return send(
        reply,
        patientResource({ id: row.patient_id, state: row.state, updated_at: row.updated_at }),
      );
    },
  );

  app.get(
    '/fhir/Patient',
    {
      preValidation: authenticate,
      schema: {
        querystring: requestPart('FHIR patient search', fhirPatientSearchQuerySchema),
        response: answer,
      },
    },
    async (request, reply) => {
      const hospitalId = request.auth.hospitalId;
      const patients = await withTenant(database, hospitalId, async (sql) => {
        const found = await searchPatients(
          sql,
          hospitalId,
          request.query.name,
          request.query._count,
        );
        const rows = await Promise.all(
          found.map((patient) => patientRow(sql, hospitalId, patient.patient_id)),
        );
        return rows.flatMap((row) =>
          row
            ? [
                patientResource({
                  id: row.patient_id,
                  state: row.state,
                  updated_at: row.updated_at,
                }),
              ]
            : [],
        );
      });
      return send(reply, bundle('searchset', `${baseOf(request)}/fhir`, patients));
    },
  );

  app.get(
    '/fhir/Patient/:patient_id/$everything',
    {
      preValidation: authenticate,
      schema: { params: requestPart('patient', patientParamsSchema), response: answer },
    },
    async (request, reply) => {
      const hospitalId = request.auth.hospitalId;
      const patientId = request.params.patient_id;
      const readsClinical = mayRead(request.auth.roles, 'clinical');
      const base = baseOf(request);
      const resources = await withTenant(database, hospitalId, async (sql) => {
        const row = await patientRow(sql, hospitalId, patientId);
        if (!row) throw new HttpError(404, 'not_found', 'No such patient here');
        const patient = { id: row.patient_id, state: row.state, updated_at: row.updated_at };
        const visits = await recordsOfPatient(sql, hospitalId, 'visits', patientId);
        const all: FhirResource[] = [
          patientResource(patient),
          ...consentResources(patient),
          ...(await appointmentsOfPatient(sql, hospitalId, patientId)).map(appointmentResource),
        ];
        if (!readsClinical) {
          for (const visit of visits) {
            const {
              diagnosis: _diagnosis,
              reasonCode: _reason,
              priority: _priority,
              ...seen
            } = encounterResource(visit);
            all.push(seen);
          }
          return all;
        }
        all.push(...allergyResources(patient));
        for (const visit of visits)
          all.push(encounterResource(visit), ...conditionResources(visit));
        for (const vitals of await recordsOfPatient(sql, hospitalId, 'vitals', patientId))
          all.push(...observationResources(vitals));
        for (const prescription of await recordsOfPatient(
          sql,
          hospitalId,
          'prescriptions',
          patientId,
        ))
          all.push(...medicationRequestResources(prescription));
        for (const document of await recordsOfPatient(sql, hospitalId, 'documents', patientId)) {
          const resource = documentReferenceResource(
            document,
            `${base}/files/${document.state.document?.sha256 ?? ''}`,
          );
          if (resource) all.push(resource);
        }
        return all;
      });
      return send(reply, bundle('searchset', `${base}/fhir`, resources));
    },
  );

  done();
};
