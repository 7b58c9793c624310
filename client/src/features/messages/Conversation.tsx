import { format, isToday } from 'date-fns';
import { roleGroupNames, uuidv7 } from '@mymedic/shared';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useCommands } from '../../app/commands';
import { staffName, useStaff } from '../../app/reference';
import type { MessageRow } from '../../engine/db';
import { buttonClass, Feedback, TextAreaField } from '../../ui/Field';
import { useDraftState } from '../../ui/drafts';
import { recipientName } from './names';
import { isUnreadBy, type Thread } from './threads';
import { useReader } from './useMessages';

const when = (at: string) => format(new Date(at), isToday(new Date(at)) ? 'HH:mm' : 'd MMM, HH:mm');

function Message({ message, thread }: { message: MessageRow; thread: Thread }) {
  const staff = useStaff();
  const reader = useReader();
  const mine = message.from_user_id === reader.user_id;
  const readByThem =
    mine && thread.recipient.kind === 'person'
      ? message.read_by[thread.recipient.user_id]
      : undefined;
  const readers = Object.keys(message.read_by).length;
  return (
    <li className={`flex ${mine ? 'justify-end' : 'justify-start'}`}>
      <div className={`max-w-[85%] rounded-xl p-3 shadow ${mine ? 'bg-teal-50' : 'bg-white'}`}>
        <p className="text-sm text-slate-700">
          <span className="font-medium text-slate-900">
            {mine ? 'You' : staffName(staff, message.from_user_id)}
          </span>{' '}
          · {when(message.sent_at)}
          {message.pending === 1 && ' · waiting to send'}
          {readByThem && ` · read ${when(readByThem)}`}
          {mine && thread.recipient.kind === 'role' && readers > 0 && ` · read by ${readers}`}
        </p>
        {message.body === null ? (
          <p className="italic text-slate-700">This message shows once this tablet syncs as you.</p>
        ) : (
          <p className="whitespace-pre-wrap break-words">{message.body}</p>
        )}
        {!mine && thread.recipient.kind === 'role' && (
          // A reply in a group's conversation goes to the whole group, not to its writer.
          <Link
            to={`/messages/person/${message.from_user_id}`}
            className="inline-flex min-h-11 items-center text-sm text-teal-900 underline"
          >
            Reply to {staffName(staff, message.from_user_id)} only
          </Link>
        )}
      </div>
    </li>
  );
}

/** Whether the page is in front of the person (not a hidden tab or a backgrounded app). */
function usePageVisible() {
  const [visible, setVisible] = useState(() => document.visibilityState === 'visible');
  useEffect(() => {
    const changed = () => setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', changed);
    return () => document.removeEventListener('visibilitychange', changed);
  }, []);
  return visible;
}

/**
 * Marks what this person now sees of the conversation as read, on this device first: a
 * message that arrives while the app is in the background waits until it is in front.
 */
function useMarkRead(thread: Thread) {
  const reader = useReader();
  const visible = usePageVisible();
  const { run } = useCommands();
  const unread = thread.messages.filter(
    (message) => message.body !== null && isUnreadBy(message, reader),
  );
  const ids = visible ? unread.map((message) => message.message_id).join() : '';
  useEffect(() => {
    if (ids === '') return;
    void run(
      ids.split(',').map((id) => ({
        type: 'MarkMessageRead',
        aggregate_type: 'message' as const,
        aggregate_id: id,
        payload: {},
      })),
      '',
    );
    // `run` is a new function each render; the ids say when there is something to mark.
  }, [ids]);
}

function Reply({ thread }: { thread: Thread }) {
  const { run, errors, message } = useCommands();
  const [body, setBody, clear] = useDraftState(`message:${thread.key}`, '');
  async function send() {
    const sent = await run(
      {
        type: 'SendMessage',
        aggregate_type: 'message',
        aggregate_id: uuidv7(),
        payload: { recipient: thread.recipient, body },
      },
      'Sent',
    );
    if (sent) clear();
  }
  return (
    <form
      aria-label="Reply"
      noValidate
      className="space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <TextAreaField
        label="Message"
        name="body"
        rows={3}
        value={body}
        onChange={(event) => setBody(event.target.value)}
        error={errors.body}
        {...(thread.recipient.kind === 'role'
          ? { hint: `Goes to ${roleGroupNames[thread.recipient.role].toLowerCase()}` }
          : {})}
      />
      <Feedback message={message || null} error={errors.body ? undefined : errors.form} />
      <button type="submit" className={buttonClass}>
        Send
      </button>
    </form>
  );
}

/** One conversation: its messages, oldest first, and a reply box at the end. */
export function Conversation({ thread }: { thread: Thread }) {
  const staff = useStaff();
  useMarkRead(thread);
  // The newest message and the reply box in view, as a conversation is read from its end.
  const end = useRef<HTMLDivElement>(null);
  const count = thread.messages.length;
  useEffect(() => {
    if (count > 0) end.current?.scrollIntoView?.({ block: 'nearest' });
  }, [count]);
  return (
    <section aria-labelledby="conversation-title" className="space-y-3">
      <h2 id="conversation-title" className="text-xl font-semibold">
        {recipientName(staff, thread.recipient)}
      </h2>
      {thread.messages.length === 0 ? (
        <p className="text-slate-700">No messages yet. Write the first one below.</p>
      ) : (
        <ol aria-label="Messages" className="space-y-2">
          {thread.messages.map((message) => (
            <Message key={message.message_id} message={message} thread={thread} />
          ))}
        </ol>
      )}
      <Reply thread={thread} />
      <div ref={end} />
    </section>
  );
}
