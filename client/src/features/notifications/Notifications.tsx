import { formatDistanceToNow } from 'date-fns';
import { useState } from 'react';
import { Link } from 'react-router';
import { secondaryButtonClass } from '../../ui/Field';
import { askNotificationPermission, notificationPermission } from './system';
import { useNotifications } from './useNotifications';

/** Lets the person allow system notifications: asked from this button, never on load. */
function SystemNotificationsChoice() {
  const [permission, setPermission] = useState(notificationPermission);
  if (permission === 'unsupported')
    return (
      <p className="text-sm text-slate-700">
        This browser cannot show notifications outside the app.
      </p>
    );
  if (permission === 'granted')
    return (
      <p className="text-sm text-slate-700">
        MyMedic tells you here and, while it is in the background, with a system notification.
      </p>
    );
  if (permission === 'denied')
    return (
      <p className="text-sm text-slate-700">
        Notifications outside the app are blocked for MyMedic in this browser&apos;s site settings.
      </p>
    );
  return (
    <button
      type="button"
      className={secondaryButtonClass}
      onClick={() => void askNotificationPermission().then(setPermission)}
    >
      Also notify me when MyMedic is in the background
    </button>
  );
}

/** What needs the person, newest first; opening one marks it seen (on this device). */
export default function Notifications() {
  const { loaded, notifications, unread, markSeen } = useNotifications();
  return (
    <section aria-labelledby="notifications-title" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 id="notifications-title" className="text-2xl font-semibold">
          Notifications
        </h1>
        {unread > 0 && (
          <button
            type="button"
            className={secondaryButtonClass}
            onClick={() =>
              void markSeen(notifications.filter((shown) => !shown.seen).map((shown) => shown.id))
            }
          >
            Mark all as read
          </button>
        )}
      </div>
      <SystemNotificationsChoice />
      {!loaded ? (
        <p>Loading…</p>
      ) : notifications.length === 0 ? (
        <p className="text-slate-700">Nothing needs you right now.</p>
      ) : (
        <ul aria-label="Notifications" className="space-y-2">
          {notifications.map((notification) => (
            <li key={notification.id}>
              <Link
                to={notification.href}
                onClick={() => void markSeen([notification.id])}
                className={`block min-h-11 rounded-lg p-3 shadow ${notification.seen ? 'bg-white text-slate-700' : 'border-l-4 border-teal-800 bg-teal-50 font-medium text-slate-900'}`}
              >
                {!notification.seen && <span className="sr-only">Unread: </span>}
                {notification.text}
                <span className="block text-sm font-normal text-slate-700">
                  {formatDistanceToNow(new Date(notification.at), { addSuffix: true })}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
