// Valid 统一社会信用代码 (GB 32100-2015, with the GB 11714 organisation-code
// check), unique per call: a search by credit code then finds one enterprise
// on the shared test server.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

function orgCheck(org8: string): string {
  const sum = [...org8].reduce((s, c, i) => s + parseInt(c, 36) * ORG_WEIGHTS[i], 0);
  const n = 11 - (sum % 11);
  return n === 10 ? 'X' : n === 11 ? '0' : String(n);
}

export function freshUscc(): string {
  const org8 = String(Date.now() % 1e8).padStart(8, '0');
  const first17 = '91350206' + org8 + orgCheck(org8);
  const sum = [...first17].reduce((s, c, i) => s + ALPHABET.indexOf(c) * WEIGHTS[i], 0);
  return first17 + ALPHABET[(31 - (sum % 31)) % 31];
}
