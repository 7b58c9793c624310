import { useEffect } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { issue } from '../engine/execute';
import { languageChosenHere, switchLanguage, type Language } from '../i18n/i18n';
import { useClinic } from './clinic';

/**
 * A person's language travels with their account: a device nobody has set a language on
 * takes the one they chose elsewhere, once their own record has arrived.
 */
export function useAccountLanguage() {
  const { db, actor } = useClinic();
  const chosen = useLiveQuery(
    async () => (await db.staff.get(actor.userId))?.language ?? null,
    [db, actor.userId],
  );
  useEffect(() => {
    if (chosen && !languageChosenHere()) void switchLanguage(chosen);
  }, [chosen]);
}

/** Keeps a language picked on this device with the account too (offline, like any change). */
export function useKeepLanguage() {
  const { db, actor } = useClinic();
  return (language: Language) =>
    // A refusal (the person's own record not yet on this device) leaves the choice here only.
    issue(db, actor, {
      type: 'ChooseLanguage',
      aggregate_type: 'user',
      aggregate_id: actor.userId,
      payload: { language },
    }).catch((error: unknown) => console.warn('The language stays on this device only', error));
}
