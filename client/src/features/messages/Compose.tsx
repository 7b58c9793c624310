import { roleGroupNames, roles, uuidv7 } from '@mymedic/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import { useNavigate } from 'react-router';
import { useClinic } from '../../app/clinic';
import { useCommands } from '../../app/commands';
import { buttonClass, Feedback, SelectField, TextAreaField } from '../../ui/Field';
import { useDraftState } from '../../ui/drafts';
import { recipientOfKey, threadKey } from './threads';

/** A new message to a colleague or to everyone holding a role. */
export function Compose() {
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
      'Sent',
    );
    if (!sent || !recipient) return;
    clear();
    await navigate(`/messages/${threadKey(recipient)}`);
  }
  return (
    <form
      aria-label="New message"
      noValidate
      className="space-y-3 rounded-xl bg-white p-4 shadow"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <h2 className="text-xl font-semibold">New message</h2>
      <SelectField
        label="To"
        name="to"
        value={draft.to}
        onChange={(event) => setDraft({ ...draft, to: event.target.value })}
        error={errors.recipient}
      >
        <option value="">Choose a colleague or a group</option>
        <optgroup label="Groups">
          {roles.map((role) => (
            <option key={role} value={`role/${role}`}>
              {roleGroupNames[role]}
            </option>
          ))}
        </optgroup>
        <optgroup label="People">
          {colleagues.map((member) => (
            <option key={member.user_id} value={`person/${member.user_id}`}>
              {member.full_name} ({member.roles.join(', ')})
            </option>
          ))}
        </optgroup>
      </SelectField>
      <TextAreaField
        label="Message"
        name="body"
        value={draft.body}
        onChange={(event) => setDraft({ ...draft, body: event.target.value })}
        error={errors.body}
      />
      <Feedback message={null} error={errors.recipient || errors.body ? undefined : errors.form} />
      <button type="submit" className={buttonClass}>
        Send
      </button>
    </form>
  );
}
