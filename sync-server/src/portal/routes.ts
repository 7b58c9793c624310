import {
  portalAppointmentAnswerSchema,
  portalAppointmentParamsSchema,
  portalAppointmentsSchema,
  portalCancelSchema,
  portalConfirmSchema,
  portalConsentParamsSchema,
  portalConsentsSchema,
  portalDocumentParamsSchema,
  portalDocumentsSchema,
  portalGrantConsentSchema,
  portalMeSchema,
  portalMoveSchema,
  portalPrescriptionsSchema,
  portalVisitsSchema,
  portalVitalsSchema,
  portalWithdrawConsentSchema,
  refusal,
  uuidv7,
} from '@mymedic/shared';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Database, TransactionSql } from '../db/database';
import type { EventStore } from '../event-store/store';
import { HttpError } from '../errors';
import { refusals, requestPart, type ContractRoutes } from '../plugins/contract';
import type { Projector } from '../read-side/projector';
import { requireClinic } from './clinic';
import { issueAsClinic } from './commands';
import {
  readAppointment,
  readAppointments,
  readConsents,
  readDocumentFile,
  readDocuments,
  readMe,
  readPrescriptions,
  readVisits,
  readVitals,
} from './reads';
import { asSignedInPatient, authenticatePortal } from './session';

export interface PortalRouteOptions {
  database: Database;
  clock: () => Date;
  store: EventStore;
  projector: Projector;
}

const tags = ['Portal'];
const notFound = (what: 'Patient' | 'Appointment' | 'Document' | 'Consent') =>
  new HttpError(404, 'not_found', refusal(`portal.noSuch${what}`));
const fileBytes = z.instanceof(Buffer).meta({ type: 'string', format: 'binary' });

/**
 * The signed-in patient's portal (docs/portal.md): their own records, read as the
 * portal's database role for that one patient, and their answers to appointments and
 * consents, which reach the clinic as commands of its own.
 */
export const portalRoutes: ContractRoutes<PortalRouteOptions> = (
  app,
  { database, clock, store, projector },
  done,
) => {
  const asPatient = <T>(request: FastifyRequest, work: (sql: TransactionSql) => Promise<T>) =>
    asSignedInPatient(database, request.portal, clock(), work);
  const signedIn = { preValidation: authenticatePortal };

  app.get(
    '/portal/api/me',
    { ...signedIn, schema: { tags, response: { 200: portalMeSchema, ...refusals } } },
    async (request) => {
      const { hospitalId, patientId } = request.portal;
      const me = await asPatient(request, async (sql) =>
        readMe(sql, hospitalId, patientId, await requireClinic(sql, hospitalId)),
      );
      if (!me) throw notFound('Patient');
      return me;
    },
  );

  app.get(
    '/portal/api/appointments',
    { ...signedIn, schema: { tags, response: { 200: portalAppointmentsSchema, ...refusals } } },
    async (request) => {
      const { hospitalId, patientId } = request.portal;
      return asPatient(request, async (sql) =>
        readAppointments(sql, hospitalId, patientId, await requireClinic(sql, hospitalId), clock()),
      );
    },
  );

  /** One of the patient's answers to an appointment, then the appointment as it is now. */
  const answer = async (
    request: FastifyRequest,
    appointmentId: string,
    type: string,
    payload: Record<string, unknown>,
  ) => {
    const { hospitalId, patientId } = request.portal;
    const before = await asPatient(request, async (sql) =>
      readAppointment(
        sql,
        hospitalId,
        patientId,
        await requireClinic(sql, hospitalId),
        appointmentId,
      ),
    );
    if (!before) throw notFound('Appointment');
    await issueAsClinic(
      store,
      hospitalId,
      {
        type,
        aggregate_type: 'appointment',
        aggregate_id: appointmentId,
        payload: { via: 'portal', ...payload },
      },
      clock(),
    );
    const after = await asPatient(request, async (sql) =>
      readAppointment(
        sql,
        hospitalId,
        patientId,
        await requireClinic(sql, hospitalId),
        appointmentId,
      ),
    );
    return { appointment: after ?? before };
  };
  const appointmentParams = requestPart('appointment', portalAppointmentParamsSchema);
  const answerResponse = { 200: portalAppointmentAnswerSchema, ...refusals };

  app.post(
    '/portal/api/appointments/:appointment_id/confirm',
    {
      ...signedIn,
      schema: {
        tags,
        params: appointmentParams,
        body: requestPart('confirmation', portalConfirmSchema),
        response: answerResponse,
      },
    },
    (request) => answer(request, request.params.appointment_id, 'ConfirmAppointment', {}),
  );
  app.post(
    '/portal/api/appointments/:appointment_id/cancel',
    {
      ...signedIn,
      schema: {
        tags,
        params: appointmentParams,
        body: requestPart('request to cancel', portalCancelSchema),
        response: answerResponse,
      },
    },
    (request) =>
      answer(request, request.params.appointment_id, 'RequestAppointmentCancellation', {
        reason: request.body.reason ?? null,
      }),
  );
  app.post(
    '/portal/api/appointments/:appointment_id/move',
    {
      ...signedIn,
      schema: {
        tags,
        params: appointmentParams,
        body: requestPart('request to move', portalMoveSchema),
        response: answerResponse,
      },
    },
    (request) =>
      answer(request, request.params.appointment_id, 'RequestAppointmentMove', {
        preference: request.body.preference ?? null,
      }),
  );

  app.get(
    '/portal/api/visits',
    { ...signedIn, schema: { tags, response: { 200: portalVisitsSchema, ...refusals } } },
    (request) =>
      asPatient(request, (sql) =>
        readVisits(sql, request.portal.hospitalId, request.portal.patientId),
      ),
  );
  app.get(
    '/portal/api/prescriptions',
    { ...signedIn, schema: { tags, response: { 200: portalPrescriptionsSchema, ...refusals } } },
    (request) =>
      asPatient(request, (sql) =>
        readPrescriptions(sql, request.portal.hospitalId, request.portal.patientId),
      ),
  );
  app.get(
    '/portal/api/vitals',
    { ...signedIn, schema: { tags, response: { 200: portalVitalsSchema, ...refusals } } },
    (request) =>
      asPatient(request, (sql) =>
        readVitals(sql, request.portal.hospitalId, request.portal.patientId),
      ),
  );
  app.get(
    '/portal/api/documents',
    { ...signedIn, schema: { tags, response: { 200: portalDocumentsSchema, ...refusals } } },
    (request) =>
      asPatient(request, (sql) =>
        readDocuments(sql, request.portal.hospitalId, request.portal.patientId),
      ),
  );
  app.get(
    '/portal/api/documents/:document_id/file',
    {
      ...signedIn,
      schema: {
        tags,
        params: requestPart('document', portalDocumentParamsSchema),
        response: {
          200: {
            description: 'The file, of the media type it was attached as',
            content: { '*/*': { schema: fileBytes } },
          },
          ...refusals,
        },
      },
    },
    async (request, reply) => {
      const { hospitalId, patientId } = request.portal;
      const file = await asPatient(request, (sql) =>
        readDocumentFile(sql, hospitalId, patientId, request.params.document_id),
      );
      if (!file) throw notFound('Document');
      return (
        reply
          .header('content-type', file.mime_type)
          .header('cache-control', 'private, no-store')
          // Whatever a file holds, it is never run as a page of this origin.
          .header('content-security-policy', "default-src 'none'; sandbox")
          .header(
            'content-disposition',
            `attachment; filename*=UTF-8''${encodeURIComponent(file.file_name)}`,
          )
          .send(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength))
      );
    },
  );

  /** The consents once the patients' read model holds the command just stored. */
  const consentsNow = async (request: FastifyRequest) => {
    await projector.wake(request.portal.hospitalId);
    return {
      consents: await asPatient(request, (sql) =>
        readConsents(sql, request.portal.hospitalId, request.portal.patientId),
      ),
    };
  };

  app.post(
    '/portal/api/consents',
    {
      ...signedIn,
      schema: {
        tags,
        body: requestPart('consent', portalGrantConsentSchema),
        response: { 200: portalConsentsSchema, ...refusals },
      },
    },
    async (request) => {
      const { hospitalId, patientId } = request.portal;
      const consents = await asPatient(request, (sql) => readConsents(sql, hospitalId, patientId));
      // Given and not withdrawn already: nothing to record.
      if (consents.some((consent) => consent.type === request.body.type && !consent.withdrawn_at))
        return { consents };
      await issueAsClinic(
        store,
        hospitalId,
        {
          type: 'RecordConsent',
          aggregate_type: 'patient',
          aggregate_id: patientId,
          payload: {
            consent_id: uuidv7(),
            consent_type: request.body.type,
            scope: 'Given by the patient in the patient portal',
          },
        },
        clock(),
      );
      return consentsNow(request);
    },
  );

  app.post(
    '/portal/api/consents/:consent_id/withdraw',
    {
      ...signedIn,
      schema: {
        tags,
        params: requestPart('consent', portalConsentParamsSchema),
        body: requestPart('withdrawal', portalWithdrawConsentSchema),
        response: { 200: portalConsentsSchema, ...refusals },
      },
    },
    async (request) => {
      const { hospitalId, patientId } = request.portal;
      const consents = await asPatient(request, (sql) => readConsents(sql, hospitalId, patientId));
      if (!consents.some((consent) => consent.consent_id === request.params.consent_id))
        throw notFound('Consent');
      await issueAsClinic(
        store,
        hospitalId,
        {
          type: 'WithdrawConsent',
          aggregate_type: 'patient',
          aggregate_id: patientId,
          payload: {
            consent_id: request.params.consent_id,
            reason: request.body.reason || 'Withdrawn by the patient in the patient portal',
          },
        },
        clock(),
      );
      return consentsNow(request);
    },
  );

  done();
};
