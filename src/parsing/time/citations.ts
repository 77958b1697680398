import type { Token } from './tokens';
import { TokenView } from './token-view';

/**
 * What takes a token before any time rule reads it:
 * - citation: a cited document's number and date ("Quyết định số 1737/QĐ-UBND ngày 17/10/2025"),
 *   or a label inside one ("Điều 17");
 * - reference: a document named after "theo", "tại"… up to its year ("Theo Kế hoạch rà soát … năm
 *   2026 của tỉnh"): the year names the plan, it is no span;
 * - name: the year in the name of a plan or programme ("Báo cáo kết quả thực hiện Kế hoạch CCHC năm
 *   2025 trước ngày 10/12/2025"): it names the plan, it is no span;
 * - marker: the numbering of parts ("1.", "2)", "1.2.").
 */
export type TakenBy = 'citation' | 'reference' | 'name' | 'marker';

export interface Citations {
  takenBy: (TakenBy | undefined)[];
  /** A document is cited or referred to (a cell that does nothing else is conditional). */
  cites: boolean;
  /** Where each reference starts: it ties the time to another plan, like "theo kế hoạch". */
  referenceStarts: number[];
}

const DOCUMENT_TYPES = [
  'nghi dinh',
  'quyet dinh',
  'thong tu lien tich',
  'thong tu',
  'ke hoach',
  'cong van',
  'cong dien',
  'nghi quyet',
  'chi thi',
  'luat',
  'bo luat',
  'van ban',
  'huong dan',
  'chuong trinh',
  'de an',
  'thong bao',
  'phap lenh',
  'phuong an',
  'to trinh',
  'bao cao',
  'ket luan',
  'quy dinh',
  'quy che',
  'dieu le',
];
/** Plans and programmes, whose names may end in a year. */
const NAMED_DOCUMENTS = [
  'ke hoach',
  'chuong trinh',
  'de an',
  'phuong an',
  'du an',
  'bo luat',
  'luat',
  'nghi quyet',
  'chi thi',
];
/** The longest name read before its year; bounds the work on junk. */
const MAX_NAME_WORDS = 12;
/** Parts of a document cited by number ("Điều 17", "khoản 2", "Phụ lục 1"). */
const LABELS = ['phu luc', 'dieu', 'khoan', 'muc', 'diem', 'chuong', 'tieu muc'];
/** Words that open a reference to a document ("theo Kế hoạch …", "tại Quyết định …"). */
const REFERENCE_OPENERS = ['can cu vao', 'can cu', 'theo', 'tai', 'trong'];
/** Words a reference stops at: they begin a time of the cell's own. */
const REFERENCE_STOPS = new Set([
  'truoc',
  'trong',
  'cham',
  'muon',
  'han',
  'tu',
  'den',
  'toi',
  'vao',
  'ngay',
  'thang',
  'quy',
  'hang',
  'dinh',
  'thuong',
  'sau',
  'khi',
]);
/** Words of the date vocabulary: never the letters of a document number ("6 tháng/lần"). */
const DATE_WORDS = new Set(['ngay', 'thang', 'quy', 'nam', 'lan', 'tuan', 'ky', 'dot']);
const ROMAN_ONLY = /^[ivxlcdm]+$/;
/** Authorities that issue documents: "ngày 15/7/2021 của Chính phủ" is an issue date. */
const AUTHORITIES = [
  'ubnd',
  'uy ban',
  'chinh phu',
  'thu tuong',
  'bo',
  'so',
  'hdnd',
  'hoi dong',
  'tinh uy',
  'quoc hoi',
];
/** Words just before a date that make it the cell's own deadline, not an issue date. */
const DEADLINE_WORDS = new Set(['truoc', 'nhat', 'han', 'chot', 'den', 'toi', 'tu', 'vao', 'la']);
/** The deepest numbering of parts read ("1.2.3."); bounds the work on junk ("1.1.1.1…"). */
const MAX_PART_LEVELS = 4;
/** The longest document number read ("52/2015/NĐ-CP" has five parts); bounds the work on junk. */
const MAX_NUMBER_PARTS = 9;

/** Finds citations, references and part numbering in a cell's tokens. */
export function findCitations(tokens: Token[]): Citations {
  const view = new TokenView(tokens);
  const takenBy: (TakenBy | undefined)[] = new Array(tokens.length).fill(undefined);
  const take = (from: number, to: number, by: TakenBy) => {
    for (let at = from; at < to; at++) takenBy[at] ??= by;
  };
  let cites = false;
  const referenceStarts: number[] = [];

  for (let at = 0; at < tokens.length; at++) {
    if (takenBy[at]) continue;
    const marker = partNumberEnd(view, at);
    if (marker > 0) {
      take(at, marker, 'marker');
      at = marker - 1;
      continue;
    }
    const citation = citationEnd(view, at);
    if (citation > 0) {
      take(at, citation, 'citation');
      cites = true;
      at = citation - 1;
    }
  }
  for (let at = 0; at < tokens.length; at++) {
    const end = referenceEnd(view, at, takenBy);
    if (end < 0) continue;
    referenceStarts.push(at);
    cites = true;
    take(at, end, 'reference');
    // The name of the document may go on past a comma: "Theo Kế hoạch rà soát, đánh giá … năm 2026".
    const year = nameYearAt(view, end, true);
    if (year >= 0) take(year, year + 2, 'reference');
    at = end - 1;
  }
  for (let at = 0; at < tokens.length; at++) {
    const name = takenBy[at] ? -1 : view.anyPhrase(at, NAMED_DOCUMENTS);
    const year = name >= 0 ? nameYearAt(view, name, false) : -1;
    if (year > name) take(year, year + 2, 'name');
  }
  return { takenBy, cites, referenceStarts };
}

/** "1." "2)" "1.2." at the start of the cell or of a part ("… 2025. 2. Báo cáo …"), then a space. */
function partNumberEnd(view: TokenView, at: number): number {
  const before = view.at(at - 1);
  const startsPart = at === 0 || (before?.kind === 'mark' && ['.', ';', ':', ')'].includes(before.text));
  if (!startsPart || !view.isNumber(at) || view.at(at)!.text.length > 2) return -1;
  let next = at + 1;
  for (
    let level = 0;
    level < MAX_PART_LEVELS && view.mark(next, '.') > 0 && view.isNumber(next + 1);
    level++
  ) {
    if (view.at(next + 1)!.spaced) break;
    next += 2;
  }
  const close = view.mark(next, '.', ')');
  const after = view.at(close);
  // "1. 19/05/2025" opens with a date; "12. 3. Ban hành" ends a list with 12 before part 3.
  const opensPart = after?.kind === 'word' || (after?.kind === 'number' && view.mark(close + 1, '/') > 0);
  return close > 0 && after?.spaced && opensPart ? close : -1;
}

/** A cited document from here: its type and number, a bare number ("45/KH-UBND"), or a label. */
function citationEnd(view: TokenView, at: number): number {
  const label = view.anyPhrase(at, LABELS);
  if (label > 0 && view.isNumber(label)) return label + 1;
  const typed = view.anyPhrase(at, DOCUMENT_TYPES);
  let numberAt = at;
  if (typed > 0) {
    numberAt = typed;
    if (view.word(numberAt, 'so') > 0) numberAt++;
    if (view.mark(numberAt, ':') > 0) numberAt++;
  } else if (view.word(at, 'so') > 0) {
    numberAt = view.mark(at + 1, ':') > 0 ? at + 2 : at + 1;
  }
  const numberEnd = documentNumberEnd(view, numberAt, numberAt > at);
  if (numberEnd > 0) return issueDateEnd(view, numberEnd);
  return issuedDateEnd(view, at);
}

/**
 * "1737/QĐ-UBND", "52/2015/NĐ-CP", "59/2012/ NĐ-CP", "12-NQ/TU": digits, then parts joined by "/" or
 * "-", some of them letters that are no date word ("6 tháng/lần" is no number). Letters in small
 * type ("8286/snv-cchc") count after "số" or a document's kind, or when two are joined by a dash.
 */
function documentNumberEnd(view: TokenView, at: number, introduced: boolean): number {
  if (!view.isNumber(at)) return -1;
  let next = at + 1;
  let letters = false;
  let plain = introduced;
  for (let part = 0; part < MAX_NUMBER_PARTS; part++) {
    const joint = view.mark(next, '/', '-');
    // A dash joins parts only when written tight ("NĐ-CP"); " - " is a range or a list.
    const dash = view.at(next)?.text === '-';
    if (joint < 0 || (dash && (view.at(next)!.spaced || view.at(joint)?.spaced))) break;
    if (view.isNumber(joint)) {
      next = joint + 1;
    } else if (isDocumentLetters(view.at(joint))) {
      plain ||= !/\p{Ll}/u.test(view.at(joint)!.raw) || (dash && letters);
      letters = true;
      next = joint + 1;
    } else break;
  }
  return letters && plain ? next : -1;
}

function isDocumentLetters(token: Token | undefined): boolean {
  return token?.kind === 'word' && !DATE_WORDS.has(token.text) && !ROMAN_ONLY.test(token.text);
}

/** After a document number: "ngày 28/5/2015" or "ngày 15 tháng 6 năm 2025", its issue date. */
function issueDateEnd(view: TokenView, at: number): number {
  const date = view.word(at, 'ngay');
  if (date < 0) return at;
  const end = dateEnd(view, date);
  return end > 0 ? end : at;
}

/** "ngày 15/7/2021 của Chính phủ": a date followed by its issuer, with no deadline word before it. */
function issuedDateEnd(view: TokenView, at: number): number {
  if (view.word(at, 'ngay') < 0 || DEADLINE_WORDS.has(view.wordAt(at - 1) ?? '')) return -1;
  const end = dateEnd(view, at + 1);
  if (end < 0) return -1;
  const of = view.word(end, 'cua');
  if (of < 0) return -1;
  const issuer = view.at(of);
  const named =
    issuer?.kind === 'word' && (/^\p{Lu}/u.test(issuer.raw) || view.anyPhrase(of, AUTHORITIES) > 0);
  return named ? end : -1;
}

/** A full date, "D/M/YYYY" or "D tháng M năm YYYY". */
function dateEnd(view: TokenView, at: number): number {
  if (!view.isNumber(at)) return -1;
  const slash = view.mark(at + 1, '/', '-', '.');
  if (slash > 0 && view.isNumber(slash) && view.mark(slash + 1, view.at(at + 1)!.text) > 0) {
    return view.isNumber(slash + 2) ? slash + 3 : -1;
  }
  const month = view.word(at + 1, 'thang');
  if (month > 0 && view.isNumber(month) && view.word(month + 1, 'nam') > 0 && view.isNumber(month + 2)) {
    return month + 3;
  }
  return -1;
}

/**
 * "theo Kế hoạch rà soát, đánh giá thủ tục hành chính năm 2026 của tỉnh": a document named after
 * "theo", "tại", "căn cứ"…, up to the end of the part or a word that begins a time of the cell's own.
 * Its years ("năm 2026", "2026") name the document and are taken with it.
 */
function referenceEnd(view: TokenView, at: number, takenBy: (TakenBy | undefined)[]): number {
  if (takenBy[at]) return -1;
  const opener = view.anyPhrase(at, REFERENCE_OPENERS);
  if (opener < 0) return -1;
  const documentAt = view.anyPhrase(opener, ['cac', 'nhung']) > 0 ? opener + 1 : opener;
  if (view.anyPhrase(documentAt, DOCUMENT_TYPES) < 0 && takenBy[documentAt] !== 'citation') return -1;
  let end = documentAt;
  while (end < view.length) {
    const token = view.tokens[end];
    if (takenBy[end] === 'citation') end++;
    else if (token.kind === 'word' && token.text === 'nam' && isYearNumber(view.at(end + 1))) end += 2;
    else if (isYearNumber(token)) end++;
    else if (token.kind === 'word' && !REFERENCE_STOPS.has(token.text)) end++;
    else break;
  }
  return end;
}

/**
 * "Kế hoạch CCHC năm 2025": the name of a plan runs on from its kind through plain words (no "và",
 * no word that begins a time; commas only after "theo …") to "năm" and a year. Where that "năm" is,
 * or -1.
 */
function nameYearAt(view: TokenView, from: number, commas: boolean): number {
  for (let next = from; next < from + MAX_NAME_WORDS; next++) {
    const token = view.at(next);
    if (commas && token?.kind === 'mark' && token.text === ',') continue;
    const word = view.wordAt(next);
    if (word === 'nam') return isYearNumber(view.at(next + 1)) ? next : -1;
    if (word === undefined || word === 'va' || REFERENCE_STOPS.has(word)) return -1;
  }
  return -1;
}

const isYearNumber = (token: Token | undefined) => token?.kind === 'number' && token.text.length === 4;
