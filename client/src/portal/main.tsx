import '../no-eval';
import '../i18n/i18n';
import { StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { Workbox } from 'workbox-window';
import { PortalApp } from './PortalApp';
import { usePortal } from './model/state';
import './portal.css';

// The same service worker as the staff app (its scope is the whole site): it precaches
// the portal's page and files, so the portal opens with no connection. A new version
// waits until the patient says so, as in the staff app (whose tabs it also serves).
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  const workbox = new Workbox('/sw.js');
  workbox.addEventListener('waiting', () => {
    usePortal.getState().setUpdateReady(() => {
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
      <PortalApp />
    </Suspense>
  </StrictMode>,
);
