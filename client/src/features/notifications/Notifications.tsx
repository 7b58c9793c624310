import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../app/useFormat';
import { secondaryButtonClass } from '../../ui/Field';
import { askNotificationPermission, notificationPermission } from './system';
import { useNotifications } from './useNotifications';

/** Lets the person allow system notifications: asked from this button, never on load. */
function SystemNotificationsChoice() {
  const { t } = useTranslation('notifications');
  const [permission, setPermission] = useState(notificationPermission);
  if (permission === 'unsupported')
    return <p className="text-sm text-slate-700">{t('permission.unsupported')}</p>;
  if (permission === 'granted')
    return <p className="text-sm text-slate-700">{t('permission.granted')}</p>;
  if (permission === 'denied')
    return <p className="text-sm text-slate-700">{t('permission.denied')}</p>;
  return (
    <button
      type="button"
      className={secondaryButtonClass}
      onClick={() => void askNotificationPermission().then(setPermission)}
    >
      {t('permission.ask')}
    </button>
  );
}

/** What needs the person, newest first; opening one marks it seen (on this device). */
export default function Notifications() {
  const { t } = useTranslation('notifications');
  const format = useFormat();
  const { loaded, notifications, unread, markSeen } = useNotifications();
  return (
    <section aria-labelledby="notifications-title" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 id="notifications-title" className="text-2xl font-semibold">
          {t('title')}
        </h1>
        {unread > 0 && (
          <button
            type="button"
            className={secondaryButtonClass}
            onClick={() =>
              void markSeen(notifications.filter((shown) => !shown.seen).map((shown) => shown.id))
            }
          >
            {t('markAllRead')}
          </button>
        )}
      </div>
      <SystemNotificationsChoice />
      {!loaded ? (
        <p>{t('common:loading')}</p>
      ) : notifications.length === 0 ? (
        <p className="text-slate-700">{t('nothing')}</p>
      ) : (
        <ul aria-label={t('title')} className="space-y-2">
          {notifications.map((notification) => (
            <li key={notification.id}>
              <Link
                to={notification.href}
                onClick={() => void markSeen([notification.id])}
                className={`block min-h-11 rounded-lg p-3 shadow ${notification.seen ? 'bg-white text-slate-700' : 'border-l-4 border-teal-800 bg-teal-50 font-medium text-slate-900'}`}
              >
                {!notification.seen && <span className="sr-only">{t('unreadMark')} </span>}
                {notification.text}
                <span className="block text-sm font-normal text-slate-700">
                  {format.relative(notification.at)}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
