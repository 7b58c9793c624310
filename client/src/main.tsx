import './no-eval';
import './i18n/i18n';
import { StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { Workbox } from 'workbox-window';
import { App } from './App';
import { OfflineReady } from './app/OfflineReady';
import { useUiStore } from './app/store';
import './index.css';

// The service worker precaches the shell so the app opens with no connection. A new
// version waits until the user says so: work in progress is never reloaded away.
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  const workbox = new Workbox('/sw.js');
  // Its first install on this device activates once every file is precached: from then
  // on the app opens offline, which is said once (OfflineReady). On later loads the
  // worker is active already, and the person menu says so quietly.
  workbox.addEventListener('activated', (event) => {
    if (!event.isUpdate) useUiStore.getState().setOfflineReady(true);
  });
  void workbox.active.then(() => useUiStore.getState().setOfflineReady(false));
  workbox.addEventListener('waiting', () => {
    useUiStore.getState().setUpdateAvailable(() => {
      workbox.addEventListener('controlling', () => window.location.reload());
      workbox.messageSkipWaiting();
    });
  });
  void workbox.register();
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {/* Until the first strings have arrived (from the cache when offline): a moment. */}
    <Suspense fallback={null}>
      <App />
      <OfflineReady />
    </Suspense>
  </StrictMode>,
);
