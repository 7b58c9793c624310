import type { AllergyWarning } from '@mymedic/shared';
import type { TFunction } from 'i18next';

/**
 * A warning in words, for the prescription form. The drug classes are named in the
 * person's language when we know the class, else as the shared list names them.
 */
export function allergyWarningWords(warning: AllergyWarning, t: TFunction<'clinical'>): string {
  const drugClass = (name: string | null) =>
    name ? t(`drugClasses.${name}`, { defaultValue: name }) : '';
  const words = {
    medication: warning.medication,
    substance: warning.substance,
    drugClass: drugClass(warning.drug_class),
    allergyClass: drugClass(warning.allergy_class),
  };
  if (warning.relation === 'same_medicine') return t('allergyWarning.sameMedicine', words);
  if (warning.relation === 'same_class') return t('allergyWarning.sameClass', words);
  return t('allergyWarning.relatedClass', words);
}
