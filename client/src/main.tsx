import './no-eval';
import './i18n/i18n';
import { StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { Workbox } from 'workbox-window';
import { App } from './App';
import { useUiStore } from './app/store';
import './index.css';

// The service worker precaches the shell so the app opens with no connection. A new
// version waits until the user says so: work in progress is never reloaded away.
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  const workbox = new Workbox('/sw.js');
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
    </Suspense>
  </StrictMode>,
);
