import { useTranslation } from 'react-i18next';
import { clinicCountry, knownZone } from '@mymedic/shared';
import { formatsFor, type Formats } from '../i18n/format';
import { useOrganisation } from './reference';

/** Dates, times and numbers in the person's language, on the clinic's clock (UTC until known). */
export function useFormat(): Formats {
  const { i18n } = useTranslation();
  const settings = useOrganisation()?.settings;
  return formatsFor(i18n.language, knownZone(settings?.timezone), clinicCountry(settings));
}
