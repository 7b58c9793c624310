import { useLiveQuery } from 'dexie-react-hooks';
import { useClinic } from '../../app/clinic';
import { isUnreadBy, threadsOf } from './threads';

/** The person at the tablet as the read rules see them. */
export function useReader() {
  const { actor } = useClinic();
  return { user_id: actor.userId, roles: actor.roles };
}

/** This person's conversations, kept up to date with the messages table. */
export function useThreads() {
  const { db } = useClinic();
  const reader = useReader();
  const messages = useLiveQuery(() => db.messages.orderBy('sent_at').toArray(), [db]);
  return messages === undefined ? undefined : threadsOf(messages, reader);
}

/** How many messages wait to be read by this person: the count in the header. */
export function useUnreadMessages(): number {
  const { db, actor } = useClinic();
  return (
    useLiveQuery(
      () =>
        db.messages
          .filter((message) => isUnreadBy(message, { user_id: actor.userId, roles: actor.roles }))
          .count(),
      [db, actor],
    ) ?? 0
  );
}
