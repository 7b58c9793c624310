// Imported by the generated service worker (vite.config.ts, workbox.importScripts).
// A click on a MyMedic system notification brings the app forward and asks it to open
// the notification's page itself: navigating the window would reload it, and a reload
// locks a PIN holder's session.
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = (event.notification.data && event.notification.data.url) || '/';
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows[0];
      if (!open) return self.clients.openWindow(url);
      open.postMessage({ type: 'open-notification', url });
      return open.focus();
    }),
  );
});
