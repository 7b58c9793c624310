import { uuidv7 } from '@mymedic/shared';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCommands } from '../../app/commands';
import { staffName, useStaff } from '../../app/reference';
import { useFormat } from '../../app/useFormat';
import type { MessageRow } from '../../engine/db';
import { buttonClass, Feedback, TextAreaField } from '../../ui/Field';
import { useDraftState } from '../../ui/drafts';
import { recipientName } from './names';
import { isUnreadBy, type Thread } from './threads';
import { useReader } from './useMessages';

/** When a message was sent or read: its time today, else its day and time (clinic's clock). */
function useWhen() {
  const format = useFormat();
  return (at: string) =>
    format.date(at) === format.date(Date.now()) ? format.time(at) : format.dayTime(at);
}

function Message({ message, thread }: { message: MessageRow; thread: Thread }) {
  const { t } = useTranslation('messages');
  const when = useWhen();
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
            {mine ? t('you') : staffName(staff, message.from_user_id)}
          </span>{' '}
          · {when(message.sent_at)}
          {message.pending === 1 && ` · ${t('conversation.waiting')}`}
          {readByThem && ` · ${t('conversation.readAt', { when: when(readByThem) })}`}
          {mine &&
            thread.recipient.kind === 'role' &&
            readers > 0 &&
            ` · ${t('conversation.readBy', { count: readers })}`}
        </p>
        {message.body === null ? (
          <p className="italic text-slate-700">{t('conversation.notYetHere')}</p>
        ) : (
          <p className="whitespace-pre-wrap break-words">{message.body}</p>
        )}
        {!mine && thread.recipient.kind === 'role' && (
          // A reply in a group's conversation goes to the whole group, not to its writer.
          <Link
            to={`/messages/person/${message.from_user_id}`}
            className="inline-flex min-h-11 items-center text-sm text-teal-900 underline"
          >
            {t('conversation.replyOnly', { name: staffName(staff, message.from_user_id) })}
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
  const { t } = useTranslation('messages');
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
      t('sent'),
    );
    if (sent) clear();
  }
  return (
    <form
      aria-label={t('conversation.reply')}
      noValidate
      className="space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <TextAreaField
        label={t('message')}
        name="body"
        rows={3}
        value={body}
        onChange={(event) => setBody(event.target.value)}
        error={errors.body}
        {...(thread.recipient.kind === 'role'
          ? { hint: t(`conversation.goesTo.${thread.recipient.role}`) }
          : {})}
      />
      <Feedback message={message || null} error={errors.body ? undefined : errors.form} />
      <button type="submit" className={buttonClass}>
        {t('send')}
      </button>
    </form>
  );
}

/** One conversation: its messages, oldest first, and a reply box at the end. */
export function Conversation({ thread }: { thread: Thread }) {
  const { t } = useTranslation('messages');
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
        {recipientName(staff, thread.recipient, t)}
      </h2>
      {thread.messages.length === 0 ? (
        <p className="text-slate-700">{t('conversation.empty')}</p>
      ) : (
        <ol aria-label={t('title')} className="space-y-2">
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
