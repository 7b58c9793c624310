import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useClinic } from '../../app/clinic';
import { navLinkClass } from '../../app/Layout';
import { staffName, useStaff } from '../../app/reference';
import { isUnreadBy } from '../messages/threads';
import { useUnreadMessages } from '../messages/useMessages';
import { useLiveQuery } from 'dexie-react-hooks';
import { useNotifications } from './useNotifications';
import { useSystemNotifications, type Announcement } from './useSystemNotifications';

/** "Messages" in the main navigation, with how many wait to be read. */
export function MessagesLink() {
  const { t } = useTranslation('notifications');
  const unread = useUnreadMessages();
  return (
    <NavLink to="/messages" className={navLinkClass}>
      {t('messagesLink')}
      {unread > 0 && (
        <>
          {' '}
          <span className="ml-1 rounded-full bg-red-700 px-2 text-sm font-semibold text-white">
            {unread}
            <span className="sr-only"> {t('unread')}</span>
          </span>
        </>
      )}
    </NavLink>
  );
}

/** Unread messages, as system notifications announce them: from whom, never what. */
function useMessageAnnouncements(): Announcement[] | undefined {
  const { t } = useTranslation('notifications');
  const { db, actor } = useClinic();
  const staff = useStaff();
  const unread = useLiveQuery(
    () =>
      db.messages
        .filter((message) => isUnreadBy(message, { user_id: actor.userId, roles: actor.roles }))
        .toArray(),
    [db, actor],
  );
  return unread?.map((message) => ({
    id: `message:${message.message_id}`,
    body: t('system.message', { name: staffName(staff, message.from_user_id) }),
    href: '/messages',
  }));
}

/**
 * The bell: how many notifications this person has not seen, linking to the list. It
 * also raises system notifications for new ones while the app is in the background.
 */
export function NotificationBell() {
  const { t } = useTranslation('notifications');
  const { loaded, notifications, unread } = useNotifications();
  const messages = useMessageAnnouncements();
  useSystemNotifications(
    loaded && messages
      ? [
          ...notifications
            .filter((notification) => !notification.seen)
            .map((notification) => ({
              id: notification.id,
              body: t(`system.${notification.kind}`),
              href: notification.href,
            })),
          ...messages,
        ]
      : undefined,
  );
  return (
    <NavLink
      to="/notifications"
      aria-label={unread > 0 ? t('bellUnread', { count: unread }) : t('title')}
      className={({ isActive }) =>
        `relative inline-flex min-h-11 min-w-11 items-center justify-center rounded-lg border border-slate-400 px-2 ${isActive ? 'bg-teal-800 text-white' : 'bg-white text-teal-950 hover:bg-teal-100'}`
      }
    >
      <svg
        aria-hidden="true"
        viewBox="0 0 24 24"
        className="h-6 w-6"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
      >
        <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      {unread > 0 && (
        <span className="ml-1 rounded-full bg-red-700 px-2 text-sm font-semibold text-white">
          {unread}
        </span>
      )}
    </NavLink>
  );
}
