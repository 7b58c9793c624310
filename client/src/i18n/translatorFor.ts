import i18next, { type TFunction } from 'i18next';

const files = import.meta.glob<{ default: Record<string, unknown> }>('./locales/*/*.json');

/**
 * A `t` for one language and namespace, from the same files the app loads, for tests of
 * code that is handed `t` (texts built outside components): the English a test expects is
 * the English the screen shows.
 */
export async function translatorFor<Namespace extends string>(
  language: string,
  namespace: Namespace,
): Promise<TFunction<Namespace>> {
  const load = async (tag: string) =>
    (await files[`./locales/${tag}/${namespace}.json`]!()).default;
  const instance = i18next.createInstance();
  await instance.init({
    lng: language,
    fallbackLng: 'en',
    ns: [namespace],
    defaultNS: namespace,
    resources: {
      en: { [namespace]: await load('en') },
      [language]: { [namespace]: await load(language) },
    },
    interpolation: { escapeValue: false },
  });
  return instance.getFixedT(language, namespace);
}
