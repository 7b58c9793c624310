/**
 * Abbreviations clinicians type for a diagnosis, read as the words of ICD-10-CM titles.
 * Only ones with a single common meaning in primary care are listed; an abbreviation
 * that is also the start of a word people type ("flu") is left to the word search.
 */
const abbreviations: Record<string, string> = {
  htn: 'hypertension',
  dm: 'diabetes mellitus',
  t1dm: 'type 1 diabetes mellitus',
  t2dm: 'type 2 diabetes mellitus',
  dm1: 'type 1 diabetes mellitus',
  dm2: 'type 2 diabetes mellitus',
  iddm: 'type 1 diabetes mellitus',
  niddm: 'type 2 diabetes mellitus',
  uti: 'urinary tract infection',
  urti: 'upper respiratory infection',
  uri: 'upper respiratory infection',
  lrti: 'lower respiratory infection',
  copd: 'chronic obstructive pulmonary disease',
  chf: 'heart failure',
  ccf: 'heart failure',
  mi: 'myocardial infarction',
  ami: 'acute myocardial infarction',
  cva: 'cerebral infarction',
  tia: 'transient cerebral ischemic attack',
  af: 'atrial fibrillation',
  afib: 'atrial fibrillation',
  dvt: 'thrombosis deep veins',
  pe: 'pulmonary embolism',
  ckd: 'chronic kidney disease',
  aki: 'acute kidney failure',
  gerd: 'gastro esophageal reflux',
  gord: 'gastro esophageal reflux',
  ibs: 'irritable bowel syndrome',
  tb: 'tuberculosis',
  ptb: 'tuberculosis of lung',
  hiv: 'human immunodeficiency virus',
  pid: 'pelvic inflammatory disease',
  bph: 'benign prostatic hyperplasia',
  ra: 'rheumatoid arthritis',
  oa: 'osteoarthritis',
  om: 'otitis media',
  aom: 'acute otitis media',
  rta: 'traffic accident',
  mva: 'traffic accident',
  sob: 'shortness of breath',
  loc: 'loss of consciousness',
  ptsd: 'post traumatic stress disorder',
  adhd: 'attention deficit hyperactivity disorder',
  gad: 'generalized anxiety disorder',
  mdd: 'major depressive disorder',
  sam: 'severe protein calorie malnutrition',
  mam: 'moderate protein calorie malnutrition',
  scd: 'sickle cell',
  anc: 'supervision of normal pregnancy',
};

/**
 * The word as the search reads it: its meaning's words when it is a known abbreviation
 * (whole, not still being typed), else the word itself. `isLast` says the word is the
 * query's last one, which may still be being typed; its expansion's words are complete.
 */
export function expandAbbreviation(
  word: string,
  isLast: boolean,
): { word: string; isLast: boolean }[] {
  const meaning = abbreviations[word];
  if (!meaning) return [{ word, isLast }];
  return meaning.split(' ').map((part) => ({ word: part, isLast: false }));
}
