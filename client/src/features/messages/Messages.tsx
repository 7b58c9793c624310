import { useTranslation } from 'react-i18next';
import { Link, NavLink, useParams } from 'react-router';
import { useStaff } from '../../app/reference';
import { useFormat } from '../../app/useFormat';
import { buttonClass } from '../../ui/Field';
import { Compose } from './Compose';
import { Conversation } from './Conversation';
import { recipientName } from './names';
import { recipientOfKey, threadKey, type Thread } from './threads';
import { useReader, useThreads } from './useMessages';

function Inbox({ threads, current }: { threads: Thread[]; current: string | null }) {
  const { t } = useTranslation('messages');
  const format = useFormat();
  const staff = useStaff();
  const reader = useReader();
  if (threads.length === 0) return <p className="text-slate-700">{t('inbox.empty')}</p>;
  return (
    <ul aria-label={t('inbox.title')} className="space-y-2">
      {threads.map((thread) => {
        const last = thread.messages.at(-1)!;
        const name = recipientName(staff, thread.recipient, t);
        return (
          <li key={thread.key}>
            <NavLink
              to={`/messages/${thread.key}`}
              aria-current={thread.key === current ? 'page' : undefined}
              className={`block min-h-11 rounded-lg p-3 shadow ${thread.key === current ? 'bg-teal-800 text-white' : 'bg-white hover:bg-teal-50'}`}
            >
              <span className="flex items-center justify-between gap-2">
                <span className="font-medium">{name}</span>
                {thread.unread > 0 && (
                  <span className="rounded-full bg-red-700 px-2 text-sm font-semibold text-white">
                    {t('inbox.unread', { count: thread.unread })}
                  </span>
                )}
              </span>
              <span className="block truncate text-sm">
                {last.from_user_id === reader.user_id
                  ? t('inbox.fromYou', { body: last.body ?? t('inbox.notInFull') })
                  : (last.body ?? t('inbox.notInFull'))}
              </span>
              <span className="block text-sm opacity-80">{format.relative(last.sent_at)}</span>
            </NavLink>
          </li>
        );
      })}
    </ul>
  );
}

/**
 * Messages between staff: the person's conversations beside the open one (or a new
 * message). Written and read on the device; they go out when the tablet syncs.
 */
export default function Messages() {
  const { t } = useTranslation('messages');
  const { kind, id } = useParams();
  const threads = useThreads();
  const composing = kind === 'new';
  // The conversation the address names, even one with no message yet.
  const recipient = recipientOfKey(`${kind}/${id}`);
  const current = recipient ? threadKey(recipient) : null;
  const open =
    threads?.find((thread) => thread.key === current) ??
    (recipient && current ? { key: current, recipient, messages: [], unread: 0 } : undefined);
  const showing = composing || open !== undefined;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        <Link to="/messages/new" className={buttonClass}>
          {t('newMessage')}
        </Link>
      </div>
      <div className="grid gap-4 md:grid-cols-[16rem_1fr] lg:grid-cols-[20rem_1fr]">
        <div className={showing ? 'hidden md:block' : ''}>
          {threads === undefined ? (
            <p>{t('common:loading')}</p>
          ) : (
            <Inbox threads={threads} current={current} />
          )}
        </div>
        <div>
          {showing && (
            <Link
              to="/messages"
              className="mb-2 inline-flex min-h-11 items-center underline md:hidden"
            >
              {t('allConversations')}
            </Link>
          )}
          {composing ? (
            <Compose />
          ) : open ? (
            <Conversation key={open.key} thread={open} />
          ) : (
            <p className="hidden text-slate-700 md:block">{t('chooseOrWrite')}</p>
          )}
        </div>
      </div>
    </div>
  );
}
