/**
 * Patients' names with the shape of a real register: a few very common first names and
 * surnames, then a long tail of rarer ones (made from syllables), and a middle name on
 * one patient in three. Deterministic, so every run searches the same clinic.
 */
const commonFirst = [
  'Jane',
  'John',
  'Mary',
  'Samuel',
  'Fatuma',
  'Grace',
  'Peter',
  'Amina',
  'Joseph',
  'Wanjiku',
  'Achieng',
  'Brian',
  'Caroline',
  'David',
  'Esther',
  'Faith',
  'George',
  'Halima',
  'Ibrahim',
  'Joyce',
  'Kevin',
  'Lucy',
  'Moses',
  'Nafula',
  'Omar',
  'Purity',
  'Rose',
  'Stephen',
  'Tabitha',
  'Victor',
  'Winnie',
  'Yusuf',
  'Zawadi',
  'Agnes',
  'Benson',
  'Cynthia',
  'Daniel',
  'Eunice',
  'Francis',
  'Gladys',
  'Hassan',
  'Irene',
  'James',
  'Kamau',
  'Lilian',
  'Mercy',
  'Nelson',
  'Oliver',
  'Phyllis',
  'Rashid',
];
const commonLast = [
  'Wanjiru',
  'Otieno',
  'Akinyi',
  'Kiprop',
  'Hassan',
  'Achieng',
  'Kamau',
  'Njoroge',
  'Mwangi',
  'Odhiambo',
  'Chebet',
  'Kiptoo',
  'Muthoni',
  'Ochieng',
  'Wambui',
  'Njeri',
  'Barasa',
  'Wekesa',
  'Omondi',
  'Kariuki',
  'Mutua',
  'Nyambura',
  'Korir',
  'Rotich',
  'Mohamed',
  'Ali',
  'Abdi',
  'Onyango',
  'Wafula',
  'Kilonzo',
  'Musyoka',
  'Gitau',
  'Macharia',
  'Ndungu',
  'Kimani',
  'Maina',
  'Waweru',
  'Jeptoo',
  'Langat',
  'Cheruiyot',
  'Owino',
  'Awuor',
  'Nekesa',
  'Simiyu',
  'Juma',
  'Salim',
  'Mbugua',
  'Gathoni',
  'Karanja',
  'Nduta',
];
const syllables = [
  'wa',
  'nji',
  'ru',
  'ki',
  'pro',
  'o',
  'tie',
  'no',
  'a',
  'nyi',
  'ka',
  'mau',
  'mwa',
  'ngi',
  'che',
  'bet',
  'mu',
  'tho',
  'ni',
  'ja',
  'ma',
  'ra',
  'li',
  'so',
  'ke',
  'ye',
  'la',
  'ga',
  'to',
  'ndu',
  'ta',
  'me',
  'si',
  'mi',
  'yu',
  'be',
  'ri',
  'lo',
  'ny',
  'ko',
  'ha',
  'ji',
  'zu',
  'e',
];

/** A small deterministic generator (mulberry32), so the clinic is the same every run. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function rareNames(count: number, seed: number) {
  const next = random(seed);
  const names = new Set<string>();
  while (names.size < count) {
    const parts = 2 + Math.floor(next() * 3);
    const name = Array.from(
      { length: parts },
      () => syllables[Math.floor(next() * syllables.length)]!,
    ).join('');
    if (name.length >= 4) names.add(name[0]!.toUpperCase() + name.slice(1));
  }
  return [...names];
}

const rareFirst = rareNames(3000, 1);
const rareLast = rareNames(8000, 2);

/** Common names half the time, else one from the tail, rarer the further along it. */
function pick(next: () => number, common: string[], rare: string[]) {
  if (next() < 0.5) return common[Math.floor(next() * common.length)]!;
  return rare[Math.floor(next() ** 2 * rare.length)]!;
}

export function patientName(index: number): string {
  const next = random(1000 + index);
  const first = pick(next, commonFirst, rareFirst);
  const last = pick(next, commonLast, rareLast);
  return index % 3 === 0
    ? `${first} ${pick(next, commonFirst, rareFirst)} ${last}`
    : `${first} ${last}`;
}

/** Names as a receptionist types them, each with one slip of the finger. */
export const typedWithTypos = [
  'Grace Wanjirru',
  'Jon Otieno',
  'Fatuma Achieg',
  'Samuel Kiptop',
  'Wanjiku Njorge',
  'Halima Abdy',
];
