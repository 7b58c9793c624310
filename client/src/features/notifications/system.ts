/**
 * System notifications (the Notification API) for when MyMedic is in the background.
 * They may show on a locked screen, so they name no patient and carry no message body:
 * what kind of thing needs the person (`notifications:system.<kind>`), and from whom for
 * a message; the app shows the rest.
 */

export const notificationsSupported = () => typeof Notification !== 'undefined';

export const notificationPermission = (): NotificationPermission | 'unsupported' =>
  notificationsSupported() ? Notification.permission : 'unsupported';

/** Asks the browser; only ever from a button the person pressed. */
export async function askNotificationPermission(): Promise<NotificationPermission | 'unsupported'> {
  if (!notificationsSupported()) return 'unsupported';
  return Notification.requestPermission();
}

/**
 * Shows one system notification, through the service worker's registration when there is
 * one (it opens the app at `url` when clicked, see public/notification-click.js), else
 * from the page. Nothing when the person has not allowed it.
 */
export async function showSystemNotification(tag: string, body: string, url: string) {
  if (notificationPermission() !== 'granted') return;
  const options = { body, tag, icon: '/icon-192.png', data: { url } };
  const registration =
    'serviceWorker' in navigator ? await navigator.serviceWorker.getRegistration() : undefined;
  if (registration) {
    await registration.showNotification('MyMedic', options);
    return;
  }
  const shown = new Notification('MyMedic', options);
  shown.onclick = () => window.focus();
}
