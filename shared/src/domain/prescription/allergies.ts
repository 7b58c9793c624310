/**
 * A few drug classes whose members cross-react, bundled so that the warning works
 * offline. Deliberately small: it catches the common cases, it is no formulary.
 */
export const drugClasses = [
  {
    name: 'Penicillins',
    aliases: ['penicillin'],
    members: [
      'penicillin',
      'amoxicillin',
      'ampicillin',
      'flucloxacillin',
      'cloxacillin',
      'piperacillin',
    ],
  },
  {
    name: 'Sulfonamides',
    aliases: ['sulfa', 'sulpha', 'sulfonamide'],
    members: ['sulfamethoxazole', 'co-trimoxazole', 'cotrimoxazole', 'sulfadiazine'],
  },
  {
    name: 'NSAIDs',
    aliases: ['nsaid', 'non-steroidal anti-inflammatory'],
    members: ['ibuprofen', 'diclofenac', 'naproxen', 'aspirin', 'acetylsalicylic acid'],
  },
] as const;

export interface AllergyWarning {
  medication: string;
  substance: string;
  /** The class that links them, or null when the names themselves match. */
  drug_class: string | null;
}

const normalize = (text: string) => text.trim().toLowerCase();

const eitherContains = (left: string, right: string) =>
  left.length > 0 && right.length > 0 && (left.includes(right) || right.includes(left));

/** The classes an allergy names: the class itself ("sulfa drugs") or a member ("Aspirin"). */
const classesOfAllergy = (substance: string) =>
  drugClasses.filter((drugClass) =>
    [...drugClass.aliases, ...drugClass.members].some((term) => substance.includes(term)),
  );

const classesOfMedication = (name: string) =>
  drugClasses.filter((drugClass) => drugClass.members.some((member) => name.includes(member)));

/**
 * The medications a patient with these allergies should not get without a second look:
 * names that contain each other (case-insensitive), or that fall in the same bundled
 * class. One warning per medication and allergy. Pure, for the prescription screen.
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
      if (eitherContains(name, substance)) {
        warnings.push({
          medication: medication.name,
          substance: allergy.substance,
          drug_class: null,
        });
        continue;
      }
      const shared = classesOfAllergy(substance).find((drugClass) =>
        medicationClasses.includes(drugClass),
      );
      if (shared) {
        warnings.push({
          medication: medication.name,
          substance: allergy.substance,
          drug_class: shared.name,
        });
      }
    }
  }
  return warnings;
}
