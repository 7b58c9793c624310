/**
 * A bundled list of common ICD-10 codes for primary care, rural clinics and outpatient
 * work, searchable offline. Codes and titles are taken from ICD-10-CM (the US clinical
 * modification of ICD-10, published by CDC's National Center for Health Statistics,
 * FY2025 tabular list), which is in the public domain. The WHO's own ICD-10 is under
 * WHO copyright and is not bundled. Any valid ICD-10 code can still be typed by hand:
 * the list only helps find one. See docs/clinical.md.
 */
export interface Icd10Code {
  code: string;
  title: string;
}

export const icd10Codes: Icd10Code[] = [
  { code: 'A00.9', title: 'Cholera, unspecified' },
  { code: 'A01.00', title: 'Typhoid fever, unspecified' },
  { code: 'A06.0', title: 'Acute amebic dysentery' },
  { code: 'A09', title: 'Infectious gastroenteritis and colitis, unspecified' },
  { code: 'A15.0', title: 'Tuberculosis of lung' },
  { code: 'A38.9', title: 'Scarlet fever, uncomplicated' },
  { code: 'A90', title: 'Dengue fever [classical dengue]' },
  { code: 'B05.9', title: 'Measles without complication' },
  { code: 'B01.9', title: 'Varicella without complication' },
  { code: 'B20', title: 'Human immunodeficiency virus [HIV] disease' },
  { code: 'B35.4', title: 'Tinea corporis' },
  { code: 'B36.0', title: 'Pityriasis versicolor' },
  { code: 'B37.0', title: 'Candidal stomatitis' },
  { code: 'B37.3', title: 'Candidiasis of vulva and vagina' },
  { code: 'B50.9', title: 'Plasmodium falciparum malaria, unspecified' },
  { code: 'B54', title: 'Unspecified malaria' },
  { code: 'B65.9', title: 'Schistosomiasis, unspecified' },
  { code: 'B77.9', title: 'Ascariasis, unspecified' },
  { code: 'B82.0', title: 'Intestinal helminthiasis, unspecified' },
  { code: 'B86', title: 'Scabies' },
  { code: 'D50.9', title: 'Iron deficiency anemia, unspecified' },
  { code: 'D57.1', title: 'Sickle-cell disease without crisis' },
  { code: 'D64.9', title: 'Anemia, unspecified' },
  { code: 'E03.9', title: 'Hypothyroidism, unspecified' },
  { code: 'E05.90', title: 'Thyrotoxicosis, unspecified without thyrotoxic crisis or storm' },
  { code: 'E10.9', title: 'Type 1 diabetes mellitus without complications' },
  { code: 'E11.9', title: 'Type 2 diabetes mellitus without complications' },
  { code: 'E11.65', title: 'Type 2 diabetes mellitus with hyperglycemia' },
  { code: 'E16.2', title: 'Hypoglycemia, unspecified' },
  { code: 'E44.0', title: 'Moderate protein-calorie malnutrition' },
  { code: 'E46', title: 'Unspecified protein-calorie malnutrition' },
  { code: 'E55.9', title: 'Vitamin D deficiency, unspecified' },
  { code: 'E66.9', title: 'Obesity, unspecified' },
  { code: 'E78.5', title: 'Hyperlipidemia, unspecified' },
  { code: 'E86.0', title: 'Dehydration' },
  { code: 'F32.9', title: 'Major depressive disorder, single episode, unspecified' },
  { code: 'F41.1', title: 'Generalized anxiety disorder' },
  { code: 'F41.9', title: 'Anxiety disorder, unspecified' },
  { code: 'F10.20', title: 'Alcohol dependence, uncomplicated' },
  { code: 'F20.9', title: 'Schizophrenia, unspecified' },
  { code: 'G40.909', title: 'Epilepsy, unspecified, not intractable, without status epilepticus' },
  { code: 'G43.909', title: 'Migraine, unspecified, not intractable, without status migrainosus' },
  { code: 'G44.209', title: 'Tension-type headache, unspecified, not intractable' },
  { code: 'G47.00', title: 'Insomnia, unspecified' },
  { code: 'H10.9', title: 'Unspecified conjunctivitis' },
  { code: 'H10.33', title: 'Unspecified acute conjunctivitis, bilateral' },
  { code: 'H26.9', title: 'Unspecified cataract' },
  { code: 'H40.9', title: 'Unspecified glaucoma' },
  { code: 'H66.90', title: 'Otitis media, unspecified, unspecified ear' },
  { code: 'H61.20', title: 'Impacted cerumen, unspecified ear' },
  { code: 'I10', title: 'Essential (primary) hypertension' },
  { code: 'I11.9', title: 'Hypertensive heart disease without heart failure' },
  { code: 'I20.9', title: 'Angina pectoris, unspecified' },
  { code: 'I21.9', title: 'Acute myocardial infarction, unspecified' },
  { code: 'I48.91', title: 'Unspecified atrial fibrillation' },
  { code: 'I50.9', title: 'Heart failure, unspecified' },
  { code: 'I63.9', title: 'Cerebral infarction, unspecified' },
  { code: 'I83.90', title: 'Asymptomatic varicose veins of unspecified lower extremity' },
  { code: 'J00', title: 'Acute nasopharyngitis [common cold]' },
  { code: 'J01.90', title: 'Acute sinusitis, unspecified' },
  { code: 'J02.9', title: 'Acute pharyngitis, unspecified' },
  { code: 'J03.90', title: 'Acute tonsillitis, unspecified' },
  { code: 'J06.9', title: 'Acute upper respiratory infection, unspecified' },
  {
    code: 'J11.1',
    title: 'Influenza due to unidentified influenza virus with other respiratory manifestations',
  },
  { code: 'J18.9', title: 'Pneumonia, unspecified organism' },
  { code: 'J20.9', title: 'Acute bronchitis, unspecified' },
  { code: 'J21.9', title: 'Acute bronchiolitis, unspecified' },
  { code: 'J30.9', title: 'Allergic rhinitis, unspecified' },
  { code: 'J44.9', title: 'Chronic obstructive pulmonary disease, unspecified' },
  { code: 'J45.909', title: 'Unspecified asthma, uncomplicated' },
  { code: 'J45.901', title: 'Unspecified asthma with (acute) exacerbation' },
  { code: 'K02.9', title: 'Dental caries, unspecified' },
  { code: 'K04.7', title: 'Periapical abscess without sinus' },
  { code: 'K21.9', title: 'Gastro-esophageal reflux disease without esophagitis' },
  {
    code: 'K25.9',
    title: 'Gastric ulcer, unspecified as acute or chronic, without hemorrhage or perforation',
  },
  { code: 'K29.70', title: 'Gastritis, unspecified, without bleeding' },
  { code: 'K30', title: 'Functional dyspepsia' },
  { code: 'K35.80', title: 'Unspecified acute appendicitis' },
  {
    code: 'K40.90',
    title:
      'Unilateral inguinal hernia, without obstruction or gangrene, not specified as recurrent',
  },
  { code: 'K59.00', title: 'Constipation, unspecified' },
  { code: 'K64.9', title: 'Unspecified hemorrhoids' },
  { code: 'K80.20', title: 'Calculus of gallbladder without cholecystitis without obstruction' },
  { code: 'L01.00', title: 'Impetigo, unspecified' },
  { code: 'L02.91', title: 'Cutaneous abscess, unspecified' },
  { code: 'L03.90', title: 'Cellulitis, unspecified' },
  { code: 'L20.9', title: 'Atopic dermatitis, unspecified' },
  { code: 'L30.9', title: 'Dermatitis, unspecified' },
  { code: 'L50.9', title: 'Urticaria, unspecified' },
  { code: 'L70.0', title: 'Acne vulgaris' },
  { code: 'M06.9', title: 'Rheumatoid arthritis, unspecified' },
  { code: 'M10.9', title: 'Gout, unspecified' },
  { code: 'M17.9', title: 'Osteoarthritis of knee, unspecified' },
  { code: 'M25.50', title: 'Pain in unspecified joint' },
  { code: 'M54.50', title: 'Low back pain, unspecified' },
  { code: 'M54.2', title: 'Cervicalgia' },
  { code: 'M79.1', title: 'Myalgia' },
  { code: 'N18.9', title: 'Chronic kidney disease, unspecified' },
  { code: 'N20.0', title: 'Calculus of kidney' },
  { code: 'N39.0', title: 'Urinary tract infection, site not specified' },
  { code: 'N40.0', title: 'Benign prostatic hyperplasia without lower urinary tract symptoms' },
  { code: 'N73.9', title: 'Female pelvic inflammatory disease, unspecified' },
  { code: 'N76.0', title: 'Acute vaginitis' },
  { code: 'N92.0', title: 'Excessive and frequent menstruation with regular cycle' },
  { code: 'N94.6', title: 'Dysmenorrhea, unspecified' },
  {
    code: 'O13.9',
    title:
      'Gestational [pregnancy-induced] hypertension without significant proteinuria, unspecified trimester',
  },
  { code: 'O21.0', title: 'Mild hyperemesis gravidarum' },
  { code: 'O99.019', title: 'Anemia complicating pregnancy, unspecified trimester' },
  { code: 'R05.9', title: 'Cough, unspecified' },
  { code: 'R06.02', title: 'Shortness of breath' },
  { code: 'R10.9', title: 'Unspecified abdominal pain' },
  { code: 'R11.2', title: 'Nausea with vomiting, unspecified' },
  { code: 'R19.7', title: 'Diarrhea, unspecified' },
  { code: 'R42', title: 'Dizziness and giddiness' },
  { code: 'R50.9', title: 'Fever, unspecified' },
  { code: 'R51.9', title: 'Headache, unspecified' },
  { code: 'R53.83', title: 'Other fatigue' },
  { code: 'R56.00', title: 'Simple febrile convulsions' },
  { code: 'R63.4', title: 'Abnormal weight loss' },
  { code: 'R07.9', title: 'Chest pain, unspecified' },
  {
    code: 'S01.81XA',
    title: 'Laceration without foreign body of other part of head, initial encounter',
  },
  {
    code: 'S52.509A',
    title:
      'Unspecified fracture of the lower end of unspecified radius, initial encounter for closed fracture',
  },
  { code: 'S61.409A', title: 'Unspecified open wound of unspecified hand, initial encounter' },
  {
    code: 'S93.409A',
    title: 'Sprain of unspecified ligament of unspecified ankle, initial encounter',
  },
  { code: 'T14.90XA', title: 'Injury, unspecified, initial encounter' },
  { code: 'T30.0', title: 'Burn of unspecified body region, unspecified degree' },
  {
    code: 'T63.001A',
    title: 'Toxic effect of unspecified snake venom, accidental (unintentional), initial encounter',
  },
  { code: 'T78.40XA', title: 'Allergy, unspecified, initial encounter' },
  { code: 'W54.0XXA', title: 'Bitten by dog, initial encounter' },
  {
    code: 'Z00.00',
    title: 'Encounter for general adult medical examination without abnormal findings',
  },
  {
    code: 'Z00.129',
    title: 'Encounter for routine child health examination without abnormal findings',
  },
  { code: 'Z23', title: 'Encounter for immunization' },
  { code: 'Z30.09', title: 'Encounter for other general counseling and advice on contraception' },
  {
    code: 'Z34.90',
    title: 'Encounter for supervision of normal pregnancy, unspecified, unspecified trimester',
  },
  { code: 'Z39.2', title: 'Encounter for routine postpartum follow-up' },
  { code: 'Z71.3', title: 'Dietary counseling and surveillance' },
  { code: 'Z76.0', title: 'Encounter for issue of repeat prescription' },
];

const folded = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^\w. ]/g, '');

/** Codes whose code starts with the query or whose title holds every word of it. */
export function searchIcd10(query: string, limit = 8): Icd10Code[] {
  const words = folded(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  return icd10Codes
    .filter(
      (entry) =>
        folded(entry.code).startsWith(words[0]!) ||
        words.every((word) => folded(entry.title).includes(word)),
    )
    .slice(0, limit);
}
