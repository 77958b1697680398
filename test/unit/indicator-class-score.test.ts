import {
  scoreIndicatorClasses,
  scoreIndicatorClassTables,
} from '../../src/modules/seed/indicator-class-score';

describe('the classifier on the hand-labelled tables (seeds/tables/indicator-classes-*.json)', () => {
  const [real, fresh] = scoreIndicatorClassTables();

  it('classifies no real indicator wrongly', () => {
    // The figures of the closing note of #14 (docs/INDICATORS.md); printed by npm run seed:report.
    console.log(
      [real, fresh]
        .map(
          (t) =>
            `${t.table}: ${t.rows} rows, ${t.classified} classified (${t.correct} correct, ${t.wrong} wrong), ` +
            `${t.unclassified} unclassified (${t.rightlyUnclassified} rightly, ${t.missed} missed)`,
        )
        .join('\n'),
    );
    expect(real.rows).toBe(116);
    expect(real.wrongRows).toEqual([]);
    expect(real.wrong).toBe(0);
    // Most real indicators that a catalogue entry covers are found.
    expect(real.correct).toBeGreaterThanOrEqual(55);
  });

  it('classifies no new phrasing wrongly either', () => {
    expect(fresh.wrongRows).toEqual([]);
    expect(fresh.correct).toBeGreaterThanOrEqual(55);
  });

  it('counts each kind of outcome', () => {
    const catalog = [{ code: 'A', phrases: ['alpha'] }];
    const row = (name: string, code: string | null) => ({
      source: name,
      name,
      targetText: null,
      code,
      why: null,
    });
    const score = scoreIndicatorClasses(
      't',
      [row('alpha', 'A'), row('alpha', null), row('beta', null), row('beta', 'A')],
      catalog,
    );
    expect(score).toMatchObject({
      rows: 4,
      classified: 2,
      correct: 1,
      wrong: 1,
      unclassified: 2,
      rightlyUnclassified: 1,
      missed: 1,
    });
  });
});
