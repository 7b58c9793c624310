import type { RefusalValue } from '@mymedic/shared';

/**
 * The patient portal's one way to its server: every route of /portal/api/ as the
 * contract (docs/portal.md) gives it, with the answer's types. Nothing else in the
 * portal calls fetch, so the screens never see a URL or a status code, only answers and
 * PortalError.
 */

export type SentVia = 'whatsapp' | 'sms' | 'email';

export interface Clinic {
  hospital_id: string;
  name: string;
  /**
   * The clinic's time zone and country, which the portal writes times by; absent from a
   * clinic kept on the phone before the server named them (the next answer brings them).
   */
  timezone?: string;
  country?: string | null;
}

export interface Challenge {
  challenge_id: string;
  sent_via: SentVia;
  sent_to: string;
  expires_at: string;
}

export interface PortalPatient {
  patient_id: string;
  full_name: string;
}

export interface SignedIn {
  token: string;
  expires_at: string;
  patient: PortalPatient;
}

export interface Consent {
  consent_id: string;
  type: string;
  granted_at: string;
  withdrawn_at: string | null;
}

export interface Me {
  patient_id: string;
  full_name: string;
  date_of_birth: string | null;
  phone: string | null;
  email: string | null;
  preferred_language: string | null;
  clinic: Clinic;
  consents: Consent[];
}

export type ResponseKind = 'confirmed' | 'cancellation_requested' | 'move_requested';

export interface Appointment {
  appointment_id: string;
  starts_at: string;
  duration_minutes: number;
  status: string;
  visit_type: string;
  doctor_name: string | null;
  location_name: string | null;
  patient_response: { kind: ResponseKind; via: string; at: string; note: string | null } | null;
  version: number;
}

export interface Appointments {
  upcoming: Appointment[];
  past: Appointment[];
}

export interface Visit {
  visit_id: string;
  started_at: string | null;
  completed_at: string | null;
  doctor_name: string | null;
  diagnoses: { code: string; description: string }[];
  treatment_plan: { plan: string; follow_up_in_days?: number | null } | string | null;
}

export interface Medication {
  name: string;
  dosage?: string;
  frequency?: string;
  duration?: string;
  quantity?: number;
  instructions?: string | null;
}

export interface Prescription {
  prescription_id: string;
  issued_at: string;
  prescriber_name: string | null;
  /** What it treats, as the prescriber wrote it. */
  diagnosis?: string | null;
  items: Medication[];
  signed: boolean;
}

/** One measurement: when, and the signs taken (absent or null when not taken). */
export type VitalsReading = { recorded_at: string } & Record<string, unknown>;

export interface SharedDocument {
  document_id: string;
  title: string;
  kind: string;
  shared_at: string;
  content_type: string;
  size: number;
}

/** The answers the portal keeps for reading offline, by name. */
export interface Answers {
  me: Me;
  appointments: Appointments;
  visits: { visits: Visit[] };
  prescriptions: { prescriptions: Prescription[] };
  vitals: { vitals: VitalsReading[] };
  documents: { documents: SharedDocument[] };
}
export type AnswerName = keyof Answers;

/**
 * A refusal, or no answer at all (`status` 0: offline, or the server is down). `code` is
 * the server's (`challenge_closed`, `rate_limited`, …) and `details` its details.
 */
export class PortalError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    /** The refusal's key and values, which say it in any language (docs/i18n.md). */
    readonly key?: string,
    readonly values?: Record<string, RefusalValue>,
  ) {
    super(message);
  }

  get unreachable() {
    return this.status === 0;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The server's `{error: {code, message, details}}`, or a plain-words stand-in. */
function refusalOf(status: number, body: unknown): PortalError {
  const error = isObject(body) && isObject(body.error) ? body.error : null;
  if (error && typeof error.code === 'string') {
    return new PortalError(
      status,
      error.code,
      typeof error.message === 'string' ? error.message : 'The clinic refused this',
      isObject(error.details) ? error.details : {},
      typeof error.key === 'string' ? error.key : undefined,
      isObject(error.values) ? (error.values as Record<string, RefusalValue>) : undefined,
    );
  }
  return new PortalError(status, 'unexpected_answer', `The clinic's server answered ${status}`);
}

/**
 * The checks an answer must pass before the portal shows or keeps it: the lists it
 * reads are lists. A proxy's page or another version's answer is refused, not stored.
 */
const expectedLists: Record<AnswerName, string[]> = {
  me: ['consents'],
  appointments: ['upcoming', 'past'],
  visits: ['visits'],
  prescriptions: ['prescriptions'],
  vitals: ['vitals'],
  documents: ['documents'],
};

export function checkAnswer<Name extends AnswerName>(name: Name, body: unknown): Answers[Name] {
  if (!isObject(body) || expectedLists[name].some((list) => !Array.isArray(body[list]))) {
    throw new PortalError(
      200,
      'not_understood',
      "The clinic's server sent something this app does not understand",
    );
  }
  return body as unknown as Answers[Name];
}

type Method = 'GET' | 'POST';

export class PortalApi {
  constructor(
    private readonly token: string | null = null,
    private readonly base = '',
  ) {}

  /** One request; any failure is a PortalError. */
  async request(method: Method, path: string, body?: unknown): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let response: Response;
    try {
      response = await fetch(`${this.base}/portal/api${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new PortalError(0, 'unreachable', 'No connection to the clinic');
    }
    let answer: unknown = null;
    try {
      answer = response.status === 204 ? null : await response.json();
    } catch {
      // Not JSON at all: handled below as an answer we do not understand.
    }
    if (!response.ok) throw refusalOf(response.status, answer);
    return answer;
  }

  clinic(hospitalId: string | null): Promise<Clinic> {
    const path = hospitalId ? `/clinics/${encodeURIComponent(hospitalId)}` : '/clinic';
    return this.request('GET', path) as Promise<Clinic>;
  }

  startSignIn(hospitalId: string, contact: string): Promise<Challenge> {
    return this.request('POST', '/sign-in/start', {
      hospital_id: hospitalId,
      contact,
    }) as Promise<Challenge>;
  }

  verify(challengeId: string, code: string): Promise<SignedIn> {
    return this.request('POST', '/sign-in/verify', {
      challenge_id: challengeId,
      code,
    }) as Promise<SignedIn>;
  }

  async signOut(): Promise<void> {
    await this.request('POST', '/sign-out', {});
  }

  async read<Name extends AnswerName>(name: Name): Promise<Answers[Name]> {
    return checkAnswer(name, await this.request('GET', `/${name}`));
  }

  async answer(
    appointmentId: string,
    action: AppointmentAction,
    note: string,
  ): Promise<Appointment> {
    const body =
      action === 'confirm'
        ? {}
        : action === 'cancel'
          ? note
            ? { reason: note }
            : {}
          : note
            ? { preference: note }
            : {};
    const answer = (await this.request(
      'POST',
      `/appointments/${encodeURIComponent(appointmentId)}/${action}`,
      body,
    )) as { appointment: Appointment };
    return answer.appointment;
  }

  async grantConsent(type: string): Promise<Consent[]> {
    const answer = (await this.request('POST', '/consents', { type })) as { consents: Consent[] };
    return answer.consents;
  }

  async withdrawConsent(consentId: string): Promise<Consent[]> {
    const answer = (await this.request(
      'POST',
      `/consents/${encodeURIComponent(consentId)}/withdraw`,
      {},
    )) as { consents: Consent[] };
    return answer.consents;
  }

  /** A shared document's bytes, to open or save. */
  async documentFile(documentId: string): Promise<Blob> {
    let response: Response;
    try {
      response = await fetch(
        `${this.base}/portal/api/documents/${encodeURIComponent(documentId)}/file`,
        {
          headers: this.token ? { authorization: `Bearer ${this.token}` } : {},
        },
      );
    } catch {
      throw new PortalError(0, 'unreachable', 'No connection to the clinic');
    }
    if (!response.ok) throw refusalOf(response.status, await response.json().catch(() => null));
    return response.blob();
  }
}

export type AppointmentAction = 'confirm' | 'cancel' | 'move';
