/**
 * Drug classes whose members cross-react, bundled so that the allergy warning works
 * offline. It catches the common cases of a primary care clinic; it is no formulary.
 *
 * Source: the classes are those of the WHO Anatomical Therapeutic Chemical (ATC)
 * classification (WHO Collaborating Centre for Drug Statistics Methodology; the ATC code
 * of each class is given), and the members are the substances that ATC lists under it,
 * in British and American spellings. The brand names are common trade names, including
 * combination products, gathered by hand for this table (docs/clinical.md): not
 * exhaustive, and a brand not listed is matched only when its generic name is written.
 * Non-antibiotic sulfonamides (furosemide, thiazides) are left out on purpose: their
 * cross-reaction with sulfa antibiotics is not established.
 */
export interface DrugClass {
  name: string;
  atc: string;
  /** Words that name the class itself in an allergy ("sulfa drugs", "NSAIDs"). */
  aliases: readonly string[];
  /** Generic names (the start of a word matches: "amoxicillin-clavulanate"). */
  members: readonly string[];
  /** Starts of a generic name that mean the class ("cef…", "ceph…"). */
  stems: readonly string[];
  /** Trade names, whole words, each for a product holding a member. */
  brands: readonly string[];
  /** Classes with occasional cross-reactions: warned as related, not the same. */
  related: readonly string[];
}

const betaLactam = ['beta-lactam', 'beta lactam', 'betalactam'];

export const drugClasses: readonly DrugClass[] = [
  {
    name: 'Penicillins',
    atc: 'J01C',
    aliases: ['penicillins', 'penicillin', ...betaLactam],
    members: [
      'penicillin',
      'benzylpenicillin',
      'phenoxymethylpenicillin',
      'amoxicillin',
      'amoxycillin',
      'ampicillin',
      'cloxacillin',
      'flucloxacillin',
      'floxacillin',
      'dicloxacillin',
      'oxacillin',
      'nafcillin',
      'piperacillin',
      'ticarcillin',
      'mecillinam',
      'pivmecillinam',
      'temocillin',
      'co-amoxiclav',
      'coamoxiclav',
    ],
    stems: [],
    brands: [
      'augmentin',
      'amoxil',
      'clavulin',
      'moxiclav',
      'ampiclox',
      'penbritin',
      'floxapen',
      'bicillin',
      'tazocin',
      'zosyn',
      'timentin',
    ],
    related: ['Cephalosporins', 'Carbapenems'],
  },
  {
    name: 'Cephalosporins',
    atc: 'J01DB-J01DI',
    aliases: ['cephalosporins', 'cephalosporin', 'cefalosporin', ...betaLactam],
    members: [],
    // Every cephalosporin's generic name begins so: cefalexin, cephalexin, ceftriaxone…
    stems: ['cef', 'ceph'],
    brands: [
      'keflex',
      'zinnat',
      'zinacef',
      'rocephin',
      'claforan',
      'fortum',
      'fortaz',
      'suprax',
      'ceclor',
      'duricef',
      'maxipime',
      'zerbaxa',
    ],
    related: ['Penicillins', 'Carbapenems'],
  },
  {
    name: 'Carbapenems',
    atc: 'J01DH',
    aliases: ['carbapenems', 'carbapenem', ...betaLactam],
    members: ['meropenem', 'imipenem', 'ertapenem', 'doripenem'],
    stems: [],
    brands: ['meronem', 'merrem', 'tienam', 'primaxin', 'invanz'],
    related: ['Penicillins', 'Cephalosporins'],
  },
  {
    name: 'Sulfonamides',
    atc: 'J01E',
    aliases: ['sulfa', 'sulpha', 'sulfonamide', 'sulphonamide', 'sulfonamides', 'sulphonamides'],
    members: [
      'sulfamethoxazole',
      'sulphamethoxazole',
      'co-trimoxazole',
      'cotrimoxazole',
      'sulfadiazine',
      'sulphadiazine',
      'sulfadoxine',
      'sulphadoxine',
      'sulfasalazine',
      'sulphasalazine',
      'sulfacetamide',
      'sulfisoxazole',
    ],
    stems: [],
    // Septrin, Bactrim: co-trimoxazole; Fansidar: sulfadoxine with pyrimethamine (SP);
    // Salazopyrin: sulfasalazine; Flamazine: silver sulfadiazine cream.
    brands: ['septrin', 'bactrim', 'septra', 'fansidar', 'salazopyrin', 'azulfidine', 'flamazine'],
    related: [],
  },
  {
    name: 'NSAIDs',
    atc: 'M01A, N02BA',
    aliases: [
      'nsaid',
      'nsaids',
      'non-steroidal anti-inflammatory',
      'nonsteroidal anti-inflammatory',
    ],
    members: [
      'ibuprofen',
      'diclofenac',
      'naproxen',
      'aspirin',
      'acetylsalicylic acid',
      'indometacin',
      'indomethacin',
      'ketoprofen',
      'dexketoprofen',
      'ketorolac',
      'mefenamic acid',
      'piroxicam',
      'meloxicam',
      'celecoxib',
      'etoricoxib',
      'etodolac',
      'flurbiprofen',
      'nabumetone',
      'aceclofenac',
      'nimesulide',
    ],
    stems: [],
    // Arthrotec: diclofenac with misoprostol.
    brands: [
      'brufen',
      'advil',
      'nurofen',
      'motrin',
      'voltaren',
      'voltarol',
      'cataflam',
      'arthrotec',
      'naprosyn',
      'aleve',
      'disprin',
      'aspro',
      'ecotrin',
      'ponstan',
      'feldene',
      'mobic',
      'celebrex',
      'arcoxia',
      'toradol',
      'indocid',
    ],
    related: [],
  },
  {
    name: 'Macrolides',
    atc: 'J01FA',
    aliases: ['macrolides', 'macrolide'],
    members: ['erythromycin', 'azithromycin', 'clarithromycin', 'roxithromycin', 'spiramycin'],
    stems: [],
    brands: ['zithromax', 'azithral', 'klacid', 'biaxin', 'erythrocin', 'erythroped', 'rulid'],
    related: [],
  },
  {
    name: 'Fluoroquinolones',
    atc: 'J01MA',
    aliases: ['quinolones', 'quinolone', 'fluoroquinolones', 'fluoroquinolone'],
    members: ['ciprofloxacin', 'levofloxacin', 'moxifloxacin', 'ofloxacin', 'norfloxacin'],
    stems: [],
    brands: ['cipro', 'ciproxin', 'tavanic', 'levaquin', 'avelox'],
    related: [],
  },
  {
    name: 'Tetracyclines',
    atc: 'J01AA',
    aliases: ['tetracyclines', 'tetracycline'],
    members: ['tetracycline', 'doxycycline', 'minocycline', 'oxytetracycline'],
    stems: [],
    brands: ['vibramycin', 'doryx', 'minocin'],
    related: [],
  },
];
