import {
  channelLabels,
  reminderChannels,
  templatePlaceholders,
  type ReminderChannelName,
  type ReminderSettings,
} from '@mymedic/shared';
import { useEffect, useState } from 'react';
import { useClinic } from '../../app/clinic';
import { useCommands } from '../../app/commands';
import type { OrganisationRow } from '../../engine/db';
import { formText, SelectField, TextAreaField, TextField } from '../../ui/Field';
import { Form, FormFooter } from '../../ui/Form';

/** One more empty template row than the organisation has, to add a language. */
const blankTemplate = { channel: 'sms' as const, language: '', subject: null, body: '' };

const placeholderList = templatePlaceholders.map((name) => `{${name}}`).join(' ');

/** "24, 2" (hours, with decimals) as minutes; what is not a number is left for the decider. */
const offsetsFrom = (text: string) =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => Math.round(Number(part) * 60));

/**
 * The organisation's appointment reminders: channels, times before, quiet hours and the
 * messages. The shared decider checks them (an unknown placeholder is refused, named).
 */
export function ReminderSettingsForm({ organisation }: { organisation: OrganisationRow }) {
  const { run, errors, message } = useCommands();
  const available = useAvailableChannels();
  const current: ReminderSettings | undefined = organisation.settings.reminders;
  const templates = [...(current?.templates ?? []), blankTemplate];

  async function submit(form: FormData) {
    const channels = reminderChannels.filter((channel) => form.get(`channel-${channel}`) === 'on');
    const rows = templates.map((_, index) => ({
      channel: formText(form, `template-channel-${index}`) as ReminderChannelName,
      language: formText(form, `template-language-${index}`),
      subject: formText(form, `template-subject-${index}`) || null,
      body: formText(form, `template-body-${index}`),
    }));
    await run(
      {
        type: 'ChangeHospitalSettings',
        aggregate_type: 'hospital',
        aggregate_id: organisation.hospital_id,
        payload: {
          changes: {
            reminders: {
              channels,
              offsets_minutes: offsetsFrom(formText(form, 'reminder-hours')),
              quiet_hours:
                form.get('quiet') === 'on'
                  ? { starts: formText(form, 'quiet-starts'), ends: formText(form, 'quiet-ends') }
                  : null,
              fallback_language: formText(form, 'fallback-language'),
              country_calling_code: formText(form, 'country-code') || null,
              // A row left without a message is no template.
              templates: rows.filter((row) => row.body.trim() !== ''),
            },
          },
        },
      },
      'Reminder settings saved',
    );
  }

  return (
    <Form
      onSubmit={submit}
      label="Appointment reminders"
      className="grid gap-4 rounded-xl bg-white p-6 shadow sm:grid-cols-2"
    >
      <h2 className="text-lg font-semibold sm:col-span-2">Appointment reminders</h2>
      <fieldset className="sm:col-span-2">
        <legend className="mb-2 font-medium">Send reminders by</legend>
        <div className="flex flex-wrap gap-4">
          {reminderChannels.map((channel) => (
            <label key={channel} className="flex min-h-11 items-center gap-2">
              <input
                type="checkbox"
                name={`channel-${channel}`}
                defaultChecked={current?.channels.includes(channel) ?? false}
                className="h-5 w-5"
              />
              {channelLabels[channel] === 'email' ? 'Email' : channelLabels[channel]}
              {available && !available.has(channel) && (
                <span className="text-sm text-amber-900">(not set up on this server)</span>
              )}
            </label>
          ))}
        </div>
        <p className="mt-1 text-sm text-slate-700">
          Only to patients who consented to that channel. A channel the server is not set up for
          sends nothing: ask whoever runs the server (docs/reminders.md).
          {!available && ' Which channels the server has is known only while it can be reached.'}
        </p>
      </fieldset>
      <TextField
        label="Hours before the appointment"
        name="reminder-hours"
        defaultValue={(current?.offsets_minutes ?? [1440, 120]).map((m) => m / 60).join(', ')}
        hint="One reminder for each, e.g. 24, 2"
        error={errors.offsets_minutes}
      />
      <TextField
        label="Country calling code"
        name="country-code"
        inputMode="numeric"
        defaultValue={current?.country_calling_code ?? ''}
        hint="For numbers written without +, e.g. 254"
        error={errors.country_calling_code}
      />
      <fieldset className="flex flex-wrap items-end gap-3 sm:col-span-2">
        <legend className="mb-2 font-medium">Quiet hours ({organisation.settings.timezone})</legend>
        <label className="flex min-h-11 items-center gap-2">
          <input
            type="checkbox"
            name="quiet"
            defaultChecked={Boolean(current?.quiet_hours ?? true)}
            className="h-5 w-5"
          />
          No messages between
        </label>
        <TextField
          label="Quiet from"
          name="quiet-starts"
          type="time"
          defaultValue={current?.quiet_hours?.starts ?? '21:00'}
        />
        <TextField
          label="Quiet until"
          name="quiet-ends"
          type="time"
          defaultValue={current?.quiet_hours?.ends ?? '07:00'}
          error={errors.ends}
        />
      </fieldset>
      <TextField
        label="Fallback language"
        name="fallback-language"
        defaultValue={current?.fallback_language ?? 'English'}
        hint="Used when a patient's language has no message"
        error={errors.fallback_language}
      />
      <fieldset className="space-y-4 sm:col-span-2">
        <legend className="mb-2 font-medium">Messages</legend>
        <p className="text-sm text-slate-700">Placeholders: {placeholderList}</p>
        {templates.map((template, index) => (
          <div
            key={index}
            className="grid gap-3 rounded-lg border border-slate-300 p-3 sm:grid-cols-3"
          >
            <SelectField
              label="Channel"
              name={`template-channel-${index}`}
              defaultValue={template.channel}
            >
              {reminderChannels.map((channel) => (
                <option key={channel} value={channel}>
                  {channelLabels[channel]}
                </option>
              ))}
            </SelectField>
            <TextField
              label="Language"
              name={`template-language-${index}`}
              defaultValue={template.language}
            />
            <TextField
              label="Email subject"
              name={`template-subject-${index}`}
              defaultValue={template.subject ?? ''}
            />
            <div className="sm:col-span-3">
              <TextAreaField
                label={index === templates.length - 1 ? 'New message' : 'Message'}
                name={`template-body-${index}`}
                rows={3}
                defaultValue={template.body}
              />
            </div>
          </div>
        ))}
      </fieldset>
      <FormFooter submit="Save reminder settings" message={message} error={errors.form} />
    </Form>
  );
}

/** The channels the server can send on; null while unknown (offline, or not answered yet). */
function useAvailableChannels(): ReadonlySet<ReminderChannelName> | null {
  const { api } = useClinic();
  const [available, setAvailable] = useState<ReadonlySet<ReminderChannelName> | null>(null);
  useEffect(() => {
    let current = true;
    api.reminderChannels().then(
      (answer) => {
        if (current) setAvailable(new Set(answer.available));
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [api]);
  return available;
}
