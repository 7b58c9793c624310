import { uuidv7 } from '@mymedic/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectValid } from '../../test/fhir-schema';
import {
  accept,
  portalClinic,
  registerPatient,
  signInAsPatient,
  startPortalServer,
  type PortalServer,
} from '../../test/portal-harness';
import { api, testDatabases } from '../../test/support';

interface Observation {
  resourceType: string;
  id: string;
  status: string;
  note?: { text: string }[];
}

describe.each(testDatabases)(
  'vitals that cannot be, and vitals entered in error, on $name',
  ({ url }) => {
    let portal: PortalServer;
    let hillside: Awaited<ReturnType<typeof portalClinic>>;
    let patientId: string;

    beforeAll(async () => {
      portal = await startPortalServer(url);
      hillside = await portalClinic(portal.server);
      patientId = await registerPatient(portal.server, hillside.device, {
        full_name: 'Amina Yusuf',
        phone: '0712 555666',
      });
    });
    afterAll(() => portal.close());

    const get = <T>(path: string, token = hillside.session.token) =>
      api<T>(portal.server.url, path, { token });

    it('refuses a pushed reading whose diastolic is 5 mmHg under its systolic, and stores nothing', async () => {
      const { device } = hillside;
      const vitalsId = uuidv7();
      // Software that let it through: the payload and the events it made are as it sent them.
      const sent = device.command('RecordVitals', 'vitals', vitalsId, {
        patient_id: patientId,
        visit_id: null,
        systolic: 120,
        diastolic: 80,
      });
      sent.payload = { ...sent.payload, diastolic: 115 };
      sent.events = sent.events?.map((event) => ({
        ...event,
        data: { ...(event.data as object), diastolic: 115 },
      }));
      const pushed = await device.push([sent]);
      expect(pushed.status).toBe(200);
      expect(pushed.body.results[0]).toMatchObject({
        status: 'rejected',
        error: {
          code: 'validation',
          message: expect.stringMatching(/only 5 mmHg apart/) as string,
          // The same refusal in words any language says (docs/i18n.md).
          key: 'vitals.pulsePressureNarrow',
          values: { difference: 5, min: 10 },
          details: {
            issues: [
              {
                path: 'diastolic',
                key: 'vitals.pulsePressureNarrow',
                values: { difference: 5, min: 10 },
              },
            ],
          },
        },
      });
      expect((await device.pullAll()).some((event) => event.aggregate_id === vitalsId)).toBe(false);
      await portal.server.app.projector.catchUpAll();
      const history = await get<{ vitals: { vitals_id: string }[] }>(
        `/patients/${patientId}/history`,
      );
      expect(history.body.vitals.map((vitals) => vitals.vitals_id)).not.toContain(vitalsId);
    });

    it('keeps a reading marked entered in error, says so in the read model and FHIR, and leaves it out of the portal', async () => {
      const { device } = hillside;
      const wrongPatient = uuidv7();
      const inForce = uuidv7();
      await accept(device, [
        device.command('RecordVitals', 'vitals', wrongPatient, {
          patient_id: patientId,
          visit_id: null,
          systolic: 182,
          diastolic: 104,
          pulse: 96,
        }),
        device.command('RecordVitals', 'vitals', inForce, {
          patient_id: patientId,
          visit_id: null,
          systolic: 124,
          diastolic: 78,
        }),
      ]);
      await accept(device, [
        device.command('MarkVitalsEnteredInError', 'vitals', wrongPatient, {
          reason: 'Taken on the patient in the next bed',
        }),
      ]);
      await portal.server.app.projector.catchUpAll();

      const history = await get<{
        vitals: { vitals_id: string; systolic: number; entered_in_error: unknown }[];
      }>(`/patients/${patientId}/history`);
      const marked = history.body.vitals.find((vitals) => vitals.vitals_id === wrongPatient);
      expect(marked).toMatchObject({
        systolic: 182,
        entered_in_error: {
          reason: 'Taken on the patient in the next bed',
          marked_by: hillside.doctorId,
        },
      });
      expect(
        history.body.vitals.find((vitals) => vitals.vitals_id === inForce)?.entered_in_error,
      ).toBeNull();

      const everything = await get<{ resourceType: 'Bundle'; entry: { resource: Observation }[] }>(
        `/fhir/Patient/${patientId}/$everything`,
      );
      expect(everything.status).toBe(200);
      expectValid(everything.body);
      const observations = everything.body.entry
        .map((entry) => entry.resource)
        .filter((resource) => resource.resourceType === 'Observation');
      const ofWrong = observations.filter((resource) => resource.id.startsWith(wrongPatient));
      const ofInForce = observations.filter((resource) => resource.id.startsWith(inForce));
      expect(ofWrong.map((resource) => resource.status)).toEqual([
        'entered-in-error',
        'entered-in-error',
      ]);
      expect(ofWrong[0]?.note?.[0]?.text).toBe(
        'Entered in error: Taken on the patient in the next bed',
      );
      expect(ofInForce.map((resource) => resource.status)).toEqual(['final']);

      const { token } = await signInAsPatient(
        portal,
        hillside.hospitalId,
        '0712555666',
        'whatsapp',
        '+254712555666',
      );
      const shown = await get<{ vitals: { vitals_id: string }[] }>('/portal/api/vitals', token);
      expect(shown.status).toBe(200);
      expect(shown.body.vitals.map((vitals) => vitals.vitals_id)).toEqual([inForce]);
    });
  },
);
