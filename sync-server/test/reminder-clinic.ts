import { uuidv7, type ReminderChannelName, type SessionResponse } from '@mymedic/shared';
import { signUpClinic } from './test-server';
import { registration, TestDevice } from './support';

const hour = 3600_000;

/**
 * Reminder settings for tests that send many: the given channels, the given kinds (minutes
 * before), no quiet hours, and a template per channel.
 */
export function reminderSettings(channels: ReminderChannelName[], offsetsMinutes: number[]) {
  return {
    channels,
    offsets_minutes: offsetsMinutes,
    quiet_hours: null,
    fallback_language: 'English',
    country_calling_code: '254',
    templates: [
      { channel: 'sms', language: 'English', body: 'Hello {patient}, see {doctor} at {time}.' },
      {
        channel: 'email',
        language: 'English',
        subject: 'Your appointment at {clinic}',
        body: 'Dear {patient}, {date} {time}.',
      },
    ].filter((template) => channels.includes(template.channel as ReminderChannelName)),
  };
}

async function accepted(device: TestDevice, commands: ReturnType<TestDevice['command']>[]) {
  for (let start = 0; start < commands.length; start += 200) {
    const { status, body } = await device.push(commands.slice(start, start + 200));
    const refused = body?.results?.filter((result) => result.status !== 'accepted') ?? [];
    if (status !== 200 || refused.length > 0)
      throw new Error(`a set-up push was refused: ${status} ${JSON.stringify(refused[0])}`);
  }
  await device.pullAll();
}

export interface ReminderClinic {
  session: SessionResponse;
  hospitalId: string;
  device: TestDevice;
  appointmentIds: string[];
}

/**
 * A clinic on the server at `url` with reminders on the given channels and kinds, and
 * `appointments` appointments spread over `patients` consenting patients, one a minute
 * from `firstStartsAt` (booked as intended overbooking: one doctor, many at once), all
 * through the real push. Each patient's number is their own (+2547000000NN) so a message
 * can be traced to its patient.
 */
export async function reminderClinic(
  url: string,
  options: {
    channels: ReminderChannelName[];
    offsetsMinutes: number[];
    appointments: number;
    patients?: number;
    firstStartsAt?: Date;
  },
): Promise<ReminderClinic> {
  const session = await signUpClinic(url, undefined, { also_doctor: true });
  const hospitalId = session.user.hospital_id;
  const device = new TestDevice(url, session);
  await device.pullAll();
  await accepted(device, [
    device.command('ChangeHospitalSettings', 'hospital', hospitalId, {
      changes: { reminders: reminderSettings(options.channels, options.offsetsMinutes) },
    }),
  ]);
  const patientIds = Array.from({ length: options.patients ?? 10 }, () => uuidv7());
  await accepted(
    device,
    patientIds.map((patientId, index) =>
      device.command(
        'RegisterPatient',
        'patient',
        patientId,
        registration({
          full_name: `Patient ${index + 1}`,
          phone: `07000000${String(index).padStart(2, '0')}`,
          email: `patient-${index + 1}@example.org`,
          preferred_language: 'English',
        }),
      ),
    ),
  );
  await accepted(
    device,
    patientIds.flatMap((patientId) =>
      options.channels.map((channel) =>
        device.command('RecordConsent', 'patient', patientId, {
          consent_id: uuidv7(),
          consent_type: `${channel}_reminders`,
          scope: 'Appointment reminders',
        }),
      ),
    ),
  );
  const first = options.firstStartsAt ?? new Date(Math.ceil(Date.now() / hour) * hour + 25 * hour);
  const appointmentIds = Array.from({ length: options.appointments }, () => uuidv7());
  await accepted(
    device,
    appointmentIds.map((appointmentId, index) =>
      device.command('ScheduleAppointment', 'appointment', appointmentId, {
        patient_id: patientIds[index % patientIds.length],
        doctor_id: session.user.user_id,
        location_id: null,
        starts_at: new Date(first.getTime() + index * 60_000).toISOString(),
        duration_minutes: 20,
        visit_type: 'follow_up',
        reason: 'Review',
        overbooking_intended: true,
      }),
    ),
  );
  return { session, hospitalId, device, appointmentIds };
}
