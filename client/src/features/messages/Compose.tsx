import { roles, uuidv7 } from '@mymedic/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useClinic } from '../../app/clinic';
import { useCommands } from '../../app/commands';
import { buttonClass, Feedback, SelectField, TextAreaField } from '../../ui/Field';
import { useDraftState } from '../../ui/drafts';
import { recipientOfKey, threadKey } from './threads';

/** A new message to a colleague or to everyone holding a role. */
export function Compose() {
  const { t } = useTranslation('messages');
  const { db, actor } = useClinic();
  const navigate = useNavigate();
  const { run, errors } = useCommands();
  const colleagues =
    useLiveQuery(
      () =>
        db.staff
          .filter((member) => member.active === 1 && member.user_id !== actor.userId)
          .sortBy('full_name'),
      [db, actor.userId],
    ) ?? [];
  const [draft, setDraft, clear] = useDraftState('message:new', { to: '', body: '' });
  async function send() {
    const recipient = recipientOfKey(draft.to);
    const sent = await run(
      {
        type: 'SendMessage',
        aggregate_type: 'message',
        aggregate_id: uuidv7(),
        payload: { recipient, body: draft.body },
      },
      t('sent'),
    );
    if (!sent || !recipient) return;
    clear();
    await navigate(`/messages/${threadKey(recipient)}`);
  }
  return (
    <form
      aria-label={t('newMessage')}
      noValidate
      className="space-y-3 rounded-xl bg-white p-4 shadow"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <h2 className="text-xl font-semibold">{t('newMessage')}</h2>
      <SelectField
        label={t('compose.to')}
        name="to"
        value={draft.to}
        onChange={(event) => setDraft({ ...draft, to: event.target.value })}
        error={errors.recipient}
      >
        <option value="">{t('compose.choose')}</option>
        <optgroup label={t('compose.groups')}>
          {roles.map((role) => (
            <option key={role} value={`role/${role}`}>
              {t(`group.${role}`)}
            </option>
          ))}
        </optgroup>
        <optgroup label={t('compose.people')}>
          {colleagues.map((member) => (
            <option key={member.user_id} value={`person/${member.user_id}`}>
              {t('compose.person', {
                name: member.full_name,
                roles: member.roles.map((role) => t(`common:roles.${role}`)).join(', '),
              })}
            </option>
          ))}
        </optgroup>
      </SelectField>
      <TextAreaField
        label={t('message')}
        name="body"
        value={draft.body}
        onChange={(event) => setDraft({ ...draft, body: event.target.value })}
        error={errors.body}
      />
      <Feedback message={null} error={errors.recipient || errors.body ? undefined : errors.form} />
      <button type="submit" className={buttonClass}>
        {t('send')}
      </button>
    </form>
  );
}
