import { drugClasses, type DrugClass } from './drug-classes';

export { drugClasses } from './drug-classes';

export interface AllergyWarning {
  medication: string;
  substance: string;
  /** The class that links them, or null when the names themselves match. */
  drug_class: string | null;
  /**
   * How close the link is: the same medicine named, a medicine of the class the allergy
   * names, or one of a related class that cross-reacts now and then (a cephalosporin
   * for a penicillin allergy).
   */
  relation: 'same_medicine' | 'same_class' | 'related_class';
  /** The allergy's class, when the medication's is only related to it. */
  allergy_class: string | null;
}

/** Lower case, every run of other characters one space, with a space at both ends. */
const normalize = (text: string) =>
  ` ${text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()} `;

const eitherContains = (left: string, right: string) =>
  left.trim().length > 0 &&
  right.trim().length > 0 &&
  (left.includes(right) || right.includes(left));

/** Whether a word of the text starts with the term ("amoxicillin-clavulanate"). */
const startsAWord = (text: string, term: string) => text.includes(` ${normalize(term).trim()}`);
const isAWord = (text: string, term: string) => text.includes(normalize(term));

/** The classes a medication's name places it in: a member, a class stem or a brand. */
const classesOfMedication = (name: string): DrugClass[] =>
  drugClasses.filter(
    (drugClass) =>
      drugClass.members.some((member) => startsAWord(name, member)) ||
      drugClass.stems.some((stem) => startsAWord(name, stem)) ||
      drugClass.brands.some((brand) => isAWord(name, brand)),
  );

/** The classes an allergy names: the class itself ("sulfa drugs"), a member, or a brand. */
const classesOfAllergy = (substance: string): DrugClass[] => [
  ...new Set([
    ...drugClasses.filter((drugClass) =>
      drugClass.aliases.some((alias) => startsAWord(substance, alias)),
    ),
    ...classesOfMedication(substance),
  ]),
];

/**
 * The medications a patient with these allergies should not get without a second look:
 * names that contain each other (case-insensitive), medicines of a class the allergy
 * names or whose member or brand it names (a penicillin allergy and Augmentin), and
 * medicines of a related class. One warning per medication and allergy, the closest
 * link first. Pure, for the prescription screen.
 */
export function allergyWarnings(
  medications: readonly { name: string }[],
  allergies: readonly { substance: string }[],
): AllergyWarning[] {
  const warnings: AllergyWarning[] = [];
  for (const medication of medications) {
    const name = normalize(medication.name);
    const medicationClasses = classesOfMedication(name);
    for (const allergy of allergies) {
      const substance = normalize(allergy.substance);
      const about = { medication: medication.name, substance: allergy.substance };
      if (eitherContains(name.trim(), substance.trim())) {
        warnings.push({
          ...about,
          drug_class: null,
          relation: 'same_medicine',
          allergy_class: null,
        });
        continue;
      }
      const allergyClasses = classesOfAllergy(substance);
      const shared = allergyClasses.find((drugClass) => medicationClasses.includes(drugClass));
      if (shared) {
        warnings.push({
          ...about,
          drug_class: shared.name,
          relation: 'same_class',
          allergy_class: null,
        });
        continue;
      }
      for (const drugClass of medicationClasses) {
        const relatedTo = allergyClasses.find((allergyClass) =>
          drugClass.related.includes(allergyClass.name),
        );
        if (relatedTo) {
          warnings.push({
            ...about,
            drug_class: drugClass.name,
            relation: 'related_class',
            allergy_class: relatedTo.name,
          });
          break;
        }
      }
    }
  }
  return warnings;
}

/** The warning in words, for the prescription form. */
export function describeAllergyWarning(warning: AllergyWarning): string {
  const base = `${warning.medication}: the patient is allergic to ${warning.substance}`;
  if (warning.relation === 'same_medicine') return base;
  if (warning.relation === 'same_class') return `${base} (both ${warning.drug_class})`;
  return `${base}. ${warning.drug_class} and ${warning.allergy_class} cross-react in some patients`;
}
