/**
 * The compromised-password list shipped with the server (threat protection, "compromised credentials").
 *
 * Where it comes from: Cognito checks passwords against credentials seen in public breaches. This server
 * has no breach feed, so it ships a list written from public knowledge: the base words are passwords that
 * top the published rankings of breached passwords (the yearly NordPass and SplashData lists, the most
 * frequent entries of the RockYou leak, the NCSC "100k most common" analysis), typed here by hand; the
 * expansion applies the mutations every cracking rule set tries first (capitalised, upper case, common
 * letter-to-symbol swaps, and the suffixes people add to satisfy a password policy: digits, years, "!").
 * So "Password123!" and "Passw0rd1!" are on it, as they are in every breach corpus. About 30 000
 * entries; ADR 0031 and docs/userpool/security.md say what it does not cover.
 *
 * Matching is exact (case-sensitive) on the whole password, as a breach list matches.
 */

/** Base words, lower case, from the public rankings above. */
const BASES = `123456 123456789 12345678 12345 1234567 1234567890 123123 111111 000000 654321 666666 121212 112233
123321 987654321 1q2w3e4r 1q2w3e 1qaz2wsx qwerty qwertyuiop qwerty123 qwe123 asdfgh asdfghjkl zxcvbnm azerty
password passw0rd pass1234 passwd letmein welcome welcome1 admin administrator root login guest default master
secret changeme trustno1 iloveyou princess sunshine shadow monkey dragon football baseball basketball soccer
hockey superman batman spiderman starwars pokemon naruto michael jennifer jordan hunter ranger buster thomas
robert daniel andrew joshua matthew charlie jessica ashley amanda michelle nicole hannah summer winter spring
autumn freedom whatever computer internet samsung apple google facebook twitter linkedin dropbox microsoft
flower chocolate cookie cheese pepper ginger orange banana purple silver golden diamond killer tigger
mustang harley ferrari porsche mercedes corvette chelsea arsenal liverpool barcelona madrid juventus
lovely loveme babygirl angel angels friends family jesus christ blessed heaven soccer1 hello hello123 test
test123 testing demo user user123 abc123 abcd1234 abcdef a1b2c3 aaaaaa zzzzzz qazwsx 7777777 88888888
access matrix mynoob ninja cowboy pirate hacker security letmein1 nothing monday friday love sexy
hottie bailey buddy maggie ginger lucky tiger bandit jordan23 cheese1 butterfly fuckyou lakers yankees
dallas boston london paris berlin tokyo canada america india mexico brazil europe spain france
november december january february october september august july june april march summer2024
`
  .split(/\s+/u)
  .filter(Boolean);

/** What people append to meet a policy; "" keeps the base itself. */
const SUFFIXES = [
  "",
  "1",
  "12",
  "123",
  "1234",
  "12345",
  "123456",
  "!",
  "1!",
  "12!",
  "123!",
  "1234!",
  "@",
  "@1",
  "@123",
  "#1",
  "#123",
  "$",
  "01",
  "007",
  "69",
  "99",
  "2020",
  "2021",
  "2022",
  "2023",
  "2024",
  "2025",
  "2026",
  "2024!",
  "2025!",
  "2026!",
];

const LEET: Record<string, string> = { a: "@", o: "0", e: "3", i: "1", s: "$" };

function variants(base: string): string[] {
  const cap = base.charAt(0).toUpperCase() + base.slice(1);
  const leet = (w: string) => w.replace(/[aoeis]/gu, (c) => LEET[c] ?? c);
  return [...new Set([base, cap, base.toUpperCase(), leet(base), leet(cap)])];
}

let list: ReadonlySet<string> | undefined;

/** The expanded list, built once on first use. */
export function compromisedPasswords(): ReadonlySet<string> {
  if (!list) {
    const all = new Set<string>();
    for (const b of BASES) for (const v of variants(b)) for (const s of SUFFIXES) all.add(v + s);
    list = all;
  }
  return list;
}

/** Whether `password` is on the shipped list of breached passwords. */
export function isCompromised(password: string): boolean {
  return compromisedPasswords().has(password);
}
