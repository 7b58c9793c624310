import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router';
import { showSystemNotification } from './system';

export interface Announcement {
  id: string;
  body: string;
  href: string;
}

/**
 * Shows a system notification for each new thing that needs the person while the app
 * is in the background (a hidden page), once. What was there when the app opened is
 * not new. A click on one (relayed by the service worker) opens its page in the app.
 */
export function useSystemNotifications(announcements: Announcement[] | undefined) {
  const known = useRef<Set<string> | null>(null);
  const navigate = useNavigate();
  useEffect(() => {
    if (!announcements) return;
    if (known.current === null) {
      known.current = new Set(announcements.map((announcement) => announcement.id));
      return;
    }
    for (const announcement of announcements) {
      if (known.current.has(announcement.id)) continue;
      known.current.add(announcement.id);
      if (document.visibilityState === 'hidden') {
        void showSystemNotification(announcement.id, announcement.body, announcement.href);
      }
    }
  }, [announcements]);
  useEffect(() => {
    if (!('serviceWorker' in navigator)) return;
    const open = (event: MessageEvent<unknown>) => {
      const data = event.data as { type?: unknown; url?: unknown } | null;
      if (data?.type === 'open-notification' && typeof data.url === 'string')
        void navigate(data.url);
    };
    navigator.serviceWorker.addEventListener('message', open);
    return () => navigator.serviceWorker.removeEventListener('message', open);
  }, [navigate]);
}
