import { useTranslation } from 'react-i18next';
import { isLanguage, languageNames, languages, switchLanguage, type Language } from '../i18n/i18n';

/**
 * The language of the app, each named in itself so a person finds theirs whatever the
 * screen shows now. `onChosen` keeps the choice with the account where there is one.
 */
export function LanguagePicker({
  onChosen,
  className = '',
}: {
  onChosen?: (language: Language) => void;
  className?: string;
}) {
  const { t, i18n } = useTranslation();
  return (
    <label className={`flex items-center gap-2 text-sm ${className}`}>
      <span>{t('language')}</span>
      <select
        value={isLanguage(i18n.language) ? i18n.language : 'en'}
        onChange={(event) => {
          const language = event.target.value;
          if (!isLanguage(language)) return;
          void switchLanguage(language);
          onChosen?.(language);
        }}
        className="min-h-11 rounded-lg border border-slate-400 bg-white px-2"
      >
        {languages.map((language) => (
          <option key={language} value={language} lang={language}>
            {languageNames[language]}
          </option>
        ))}
      </select>
    </label>
  );
}
