import {
  callingCodeOf,
  clinicCountry,
  reminderChannels,
  templatePlaceholders,
  type ReminderChannelName,
  type ReminderSettings,
  type ReminderTemplate,
} from '@mymedic/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClinic } from '../../app/clinic';
import { useCommands } from '../../app/commands';
import { useFormat } from '../../app/useFormat';
import type { OrganisationRow } from '../../engine/db';
import { formText, SelectField, TextAreaField, TextField } from '../../ui/Field';
import { Form, FormFooter } from '../../ui/Form';
import { variablesText, whatsAppTemplateOf } from './whatsAppTemplate';

/** One more empty template row than the organisation has, to add a language. */
const blankTemplate: ReminderTemplate = {
  channel: 'sms',
  language: '',
  subject: null,
  body: '',
  whatsapp: null,
};

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
  const { t } = useTranslation('settings');
  const { locale } = useFormat();
  const available = useAvailableChannels();
  const current: ReminderSettings | undefined = organisation.settings.reminders;
  const country = clinicCountry(organisation.settings);
  const templates = [...(current?.templates ?? []), blankTemplate];
  // Each row's channel as chosen now: a WhatsApp row asks for Meta's approved template.
  const [channels, setChannels] = useState(() => templates.map((template) => template.channel));
  const channelOf = (index: number) => channels[index] ?? templates[index]!.channel;

  async function submit(form: FormData) {
    const channels = reminderChannels.filter((channel) => form.get(`channel-${channel}`) === 'on');
    const rows = templates.map((_, index) => {
      const channel = formText(form, `template-channel-${index}`) as ReminderChannelName;
      return {
        channel,
        language: formText(form, `template-language-${index}`),
        subject: formText(form, `template-subject-${index}`) || null,
        body: formText(form, `template-body-${index}`),
        whatsapp: whatsAppTemplateOf(channel, {
          name: formText(form, `template-whatsapp-name-${index}`),
          languageCode: formText(form, `template-whatsapp-language-${index}`),
          variables: formText(form, `template-whatsapp-variables-${index}`),
          buttons: form.get(`template-whatsapp-buttons-${index}`) === 'on',
        }),
      };
    });
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
              // Numbers are dialled in the organisation's country now; a code set before
              // it existed is kept, as the country of clinics that set no other.
              country_calling_code: current?.country_calling_code ?? null,
              // A row left without a message is no template.
              templates: rows.filter((row) => row.body.trim() !== ''),
            },
          },
        },
      },
      t('reminders.saved'),
    );
  }

  return (
    <Form
      onSubmit={submit}
      label={t('reminders.title')}
      className="grid gap-4 rounded-xl bg-white p-6 shadow sm:grid-cols-2"
    >
      <h2 className="text-lg font-semibold sm:col-span-2">{t('reminders.title')}</h2>
      <fieldset className="sm:col-span-2">
        <legend className="mb-2 font-medium">{t('reminders.sendBy')}</legend>
        <div className="flex flex-wrap gap-4">
          {reminderChannels.map((channel) => (
            <label key={channel} className="flex min-h-11 items-center gap-2">
              <input
                type="checkbox"
                name={`channel-${channel}`}
                defaultChecked={current?.channels.includes(channel) ?? false}
                className="h-5 w-5"
              />
              {t(`reminders.channels.${channel}`)}
              {available && !available.has(channel) && (
                <span className="text-sm text-amber-900">{t('reminders.notSetUp')}</span>
              )}
            </label>
          ))}
        </div>
        <p className="mt-1 text-sm text-slate-700">
          {t('reminders.onlyConsented')}
          {!available && <> {t('reminders.channelsUnknown')}</>}
        </p>
      </fieldset>
      <TextField
        label={t('reminders.hoursBefore')}
        name="reminder-hours"
        defaultValue={(current?.offsets_minutes ?? [1440, 120]).map((m) => m / 60).join(', ')}
        hint={t('reminders.hoursBeforeHint')}
        error={errors.offsets_minutes}
      />
      <p className="self-center text-sm text-slate-700">
        {country
          ? t('reminders.dialled', {
              country: new Intl.DisplayNames([locale], { type: 'region' }).of(country) ?? country,
              code: callingCodeOf(country),
            })
          : t('reminders.noCountry')}
      </p>
      <fieldset className="flex flex-wrap items-end gap-3 sm:col-span-2">
        <legend className="mb-2 font-medium">
          {t('reminders.quietHours', { zone: organisation.settings.timezone })}
        </legend>
        <label className="flex min-h-11 items-center gap-2">
          <input
            type="checkbox"
            name="quiet"
            defaultChecked={Boolean(current?.quiet_hours ?? true)}
            className="h-5 w-5"
          />
          {t('reminders.quietBetween')}
        </label>
        <TextField
          label={t('reminders.quietFrom')}
          name="quiet-starts"
          type="time"
          defaultValue={current?.quiet_hours?.starts ?? '21:00'}
        />
        <TextField
          label={t('reminders.quietUntil')}
          name="quiet-ends"
          type="time"
          defaultValue={current?.quiet_hours?.ends ?? '07:00'}
          error={errors.ends}
        />
      </fieldset>
      <TextField
        label={t('reminders.fallback')}
        name="fallback-language"
        defaultValue={current?.fallback_language ?? 'English'}
        hint={t('reminders.fallbackHint')}
        error={errors.fallback_language}
      />
      <fieldset className="space-y-4 sm:col-span-2">
        <legend className="mb-2 font-medium">{t('reminders.messages')}</legend>
        <p className="text-sm text-slate-700">
          {t('reminders.placeholders', { list: placeholderList })}
        </p>
        {templates.map((template, index) => (
          <div
            key={index}
            className="grid gap-3 rounded-lg border border-slate-300 p-3 sm:grid-cols-3"
          >
            <SelectField
              label={t('reminders.channel')}
              name={`template-channel-${index}`}
              defaultValue={template.channel}
              onChange={(event) => {
                const chosen = event.target.value as ReminderChannelName;
                setChannels((known) =>
                  templates.map((row, at) => (at === index ? chosen : (known[at] ?? row.channel))),
                );
              }}
            >
              {reminderChannels.map((channel) => (
                <option key={channel} value={channel}>
                  {t(`reminders.channels.${channel}`)}
                </option>
              ))}
            </SelectField>
            <TextField
              label={t('reminders.language')}
              name={`template-language-${index}`}
              defaultValue={template.language}
            />
            <TextField
              label={t('reminders.subject')}
              name={`template-subject-${index}`}
              defaultValue={template.subject ?? ''}
            />
            <div className="sm:col-span-3">
              <TextAreaField
                label={
                  index === templates.length - 1
                    ? t('reminders.newMessage')
                    : t('reminders.message')
                }
                name={`template-body-${index}`}
                rows={3}
                defaultValue={template.body}
                hint={channelOf(index) === 'whatsapp' ? t('reminders.whatsAppBodyHint') : undefined}
              />
            </div>
            {channelOf(index) === 'whatsapp' && (
              <WhatsAppFields index={index} template={template} errors={errors} />
            )}
          </div>
        ))}
      </fieldset>
      <FormFooter submit={t('reminders.save')} message={message} error={errors.form} />
    </Form>
  );
}

/**
 * A WhatsApp row's approved template: WhatsApp sends only a template Meta approved, by
 * its name and language code, with its variables {{1}}, {{2}}... filled in order.
 */
function WhatsAppFields({
  index,
  template,
  errors,
}: {
  index: number;
  template: ReminderTemplate;
  errors: Record<string, string | undefined>;
}) {
  const { t } = useTranslation('settings');
  const approved = template.whatsapp;
  // The issues of this row alone: every row has the same fields.
  const path = `changes.reminders.templates.${index}.whatsapp`;
  const error = (field: string) =>
    Object.entries(errors).find(([key]) => key.startsWith(`${path}.${field}`))?.[1];
  return (
    <fieldset className="grid gap-3 sm:col-span-3 sm:grid-cols-3">
      <legend className="mb-1 text-sm font-medium">{t('reminders.whatsApp.title')}</legend>
      <TextField
        label={t('reminders.whatsApp.name')}
        name={`template-whatsapp-name-${index}`}
        defaultValue={approved?.name ?? ''}
        hint={t('reminders.whatsApp.nameHint')}
        error={errors[path] ?? error('name')}
      />
      <TextField
        label={t('reminders.whatsApp.languageCode')}
        name={`template-whatsapp-language-${index}`}
        defaultValue={approved?.language_code ?? ''}
        hint={t('reminders.whatsApp.languageCodeHint')}
        error={error('language_code')}
      />
      <TextField
        label={t('reminders.whatsApp.variables')}
        name={`template-whatsapp-variables-${index}`}
        defaultValue={variablesText(approved?.parameters)}
        // WhatsApp's own {{1}} would read as a value to fill in: it goes in as one.
        hint={t('reminders.whatsApp.variablesHint', { first: '{{1}}', second: '{{2}}' })}
        error={error('parameters')}
      />
      <label className="flex min-h-11 items-center gap-2 sm:col-span-3">
        <input
          type="checkbox"
          name={`template-whatsapp-buttons-${index}`}
          defaultChecked={approved?.reply_buttons ?? true}
          className="h-5 w-5"
        />
        {t('reminders.whatsApp.buttons')}
      </label>
    </fieldset>
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
