import fc from 'fast-check';
import catalogJson from '../../seeds/indicator-catalog.json';
import { foldVietnamese } from '../../src/parsing/area-heading';
import { classifyIndicator, parsePhrase } from '../../src/parsing/indicator-class';
import { INDICATOR_PHRASES } from '../../src/parsing/indicator-phrases';
import { propertyParameters } from '../utils/property';

const CATALOG = catalogJson.map((entry) => ({ code: entry.code, phrases: INDICATOR_PHRASES[entry.code] }));
const classify = (name: string, targetText = '') => classifyIndicator({ name, targetText }, CATALOG);

/** Indicator names as plans write them: the catalogue's names and its key phrases without gaps. */
const NAMES = [
  ...catalogJson.map((entry) => entry.nameVi),
  ...Object.values(INDICATOR_PHRASES)
    .flat()
    .filter((phrase) => !/^[+-]/.test(phrase) && !phrase.includes('…')),
  'Tỷ lệ hồ sơ TTHC được giải quyết trước và đúng hạn',
  'Mức độ hài lòng về giải quyết các TTHC lĩnh vực đất đai',
  'Tỷ lệ cắt giảm quy định TTHC nội bộ',
  'Tỷ lệ người dân không phải cung cấp lại giấy tờ',
];
/** Words of the plans that name no catalogue entry and forbid none. */
const NOISE = [
  'năm 2025',
  'phấn đấu',
  'đạt',
  'tối thiểu',
  'trên địa bàn',
  'xã',
  '100%',
  'theo quy định',
  '(*)',
  '–',
];
const noise = fc.array(fc.constantFrom(...NOISE), { maxLength: 4 }).map((words) => words.join(' '));
const spacing = fc.constantFrom(' ', '  ', '\t', '\n', ' \u00a0');

describe('classifyIndicator (properties)', () => {
  it('ignores case, diacritics and whitespace', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NAMES), spacing, (name, space) => {
        const expected = classify(name);
        expect(classify(name.toUpperCase())).toEqual(expected);
        expect(classify(foldVietnamese(name))).toEqual(expected);
        expect(classify(`${space}${name.split(' ').join(space)}${space}`)).toEqual(expected);
        // Decomposed characters (combining marks) read the same as composed ones.
        expect(classify(name.normalize('NFD'))).toEqual(expected);
      }),
      propertyParameters(),
    );
  });

  it('finds a catalogue name embedded in noise', () => {
    fc.assert(
      fc.property(fc.constantFrom(...catalogJson), noise, noise, (entry, before, after) => {
        expect(classify(`${before} ${entry.nameVi} ${after}`)?.code).toBe(entry.code);
        // Also in the target sentence when the name says nothing.
        expect(classify(`${before}`, `${before} ${entry.nameVi} ${after}`)?.code).toBe(entry.code);
      }),
      propertyParameters(1),
    );
  });

  it('never gives an entry whose forbidden words the name holds', () => {
    const withForbidden = CATALOG.flatMap((entry) =>
      entry.phrases
        .filter((phrase) => phrase.startsWith('-'))
        .map((phrase) => ({
          code: entry.code,
          forbidden: phrase.slice(1),
          name: catalogJson.find((e) => e.code === entry.code)!.nameVi,
        })),
    );
    fc.assert(
      fc.property(fc.constantFrom(...withForbidden), noise, fc.boolean(), (row, filler, first) => {
        const name = first
          ? `${row.forbidden} ${filler} ${row.name}`
          : `${row.name} ${filler} ${row.forbidden}`;
        expect(classify(name)?.code).not.toBe(row.code);
        // Not through the target sentence either.
        expect(classify(name, row.name)?.code).not.toBe(row.code);
      }),
      propertyParameters(2),
    );
  });

  it('needs its required words: without them an entry does not match', () => {
    // DIGITAL_SKILLS_TRAINING requires officials ("+công chức").
    const required = CATALOG.filter((entry) => entry.phrases.some((phrase) => phrase.startsWith('+')));
    expect(required.length).toBeGreaterThan(0);
    expect(classify('Tỷ lệ người dân được đào tạo kỹ năng số')?.code).not.toBe('DIGITAL_SKILLS_TRAINING');
    expect(classify('Tỷ lệ công chức được đào tạo kỹ năng số')?.code).toBe('DIGITAL_SKILLS_TRAINING');
  });

  it('every catalogue phrase parses to words', () => {
    for (const phrase of Object.values(INDICATOR_PHRASES).flat()) {
      expect([phrase, parsePhrase(phrase)]).not.toEqual([phrase, null]);
    }
  });
});
