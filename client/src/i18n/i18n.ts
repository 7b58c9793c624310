import i18next from 'i18next';
import resourcesToBackend from 'i18next-resources-to-backend';
import { initReactI18next } from 'react-i18next';
import englishAuth from './locales/en/auth.json';
import englishCommon from './locales/en/common.json';

/**
 * The app's languages. Every string a person reads comes from `locales/<language>/<namespace>.json`
 * (docs/i18n.md); English is the fallback for a string a translation lacks.
 */
export const languages = ['en', 'fr', 'es', 'sw'] as const;
export type Language = (typeof languages)[number];

/** Each language named in itself, as a person looking for theirs reads it. */
export const languageNames: Record<Language, string> = {
  en: 'English',
  fr: 'Français',
  es: 'Español',
  sw: 'Kiswahili',
};

export const isLanguage = (value: unknown): value is Language =>
  typeof value === 'string' && (languages as readonly string[]).includes(value);

const storageKey = 'mymedic.language';

/**
 * Each namespace of each language is its own small file, fetched when a screen first needs
 * it (the service worker keeps them all for offline use): the sign-in page loads its own
 * strings, not the whole app's in four languages.
 *
 * English's `common` and `auth` (the sign-in's) come with the first load: English is the
 * fallback, loaded whatever the language, and the first screen waits for them; bundled,
 * the sign-in page does not wait for one more fetch after its script before it shows.
 */
const files = import.meta.glob<{ default: Record<string, unknown> }>([
  './locales/*/*.json',
  '!./locales/en/common.json',
  '!./locales/en/auth.json',
]);

async function loadNamespace(language: string, namespace: string) {
  const load = files[`./locales/${language}/${namespace}.json`];
  if (!load) throw new Error(`No ${language} strings for ${namespace}`);
  return (await load()).default;
}

/** The language this device was set to, else the browser's if we have it, else English. */
function startingLanguage(): Language {
  const chosen = localStorage.getItem(storageKey);
  if (isLanguage(chosen)) return chosen;
  const browser = navigator.languages.map((tag) => tag.slice(0, 2).toLowerCase()).find(isLanguage);
  return browser ?? 'en';
}

/** Whether a person on this device has picked a language (their account's choice then waits). */
export const languageChosenHere = () => isLanguage(localStorage.getItem(storageKey));

void i18next
  .use(initReactI18next)
  .use(resourcesToBackend(loadNamespace))
  .init({
    lng: startingLanguage(),
    fallbackLng: 'en',
    supportedLngs: [...languages],
    // `auth` from the start too: in another language its file comes beside `common`'s,
    // not after it once the sign-in page asks. `errors` too: refusals are said outside
    // components (`sayRefusal`), which cannot wait for a file; until it comes, the
    // refusal's own English shows.
    ns: ['common', 'auth', 'errors'],
    defaultNS: 'common',
    resources: { en: { common: englishCommon, auth: englishAuth } },
    // The other namespaces and languages still come from their files.
    partialBundledLanguages: true,
    // React escapes what it renders; escaping here too would show &amp; on screen.
    interpolation: { escapeValue: false },
    returnNull: false,
  });

document.documentElement.lang = i18next.language;
i18next.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

/** Switches the app to `language` and keeps it on this device. */
export async function switchLanguage(language: Language) {
  localStorage.setItem(storageKey, language);
  await i18next.changeLanguage(language);
}

export { i18next };
