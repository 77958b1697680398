import { runCchc } from '../utils/cchc';
import { createTestDatabase } from '../utils/test-database';
import type { TestDatabase } from '../utils/test-database';

// Each test starts cchc processes (ts-node compiles the CLI each time): a ceiling, not a timing check.
jest.setTimeout(240_000);

/**
 * `cchc indicators classify [--all]` (docs/INDICATORS.md): indicators stored before the catalogue
 * existed get classified and linked; --all reconsiders AUTO ones after a phrase edit; MANUAL
 * classifications are never touched.
 */
describe('cchc indicators classify', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('seeded');
  });
  afterAll(() => db?.drop());

  const cchc = (...args: string[]) => runCchc(db.name, args);
  const classification = async (ids: number[]) =>
    (
      await db.dataSource.query(
        `SELECT id, catalog_code AS code, catalog_source AS source, province_indicator_id AS "provinceIndicatorId"
           FROM indicator WHERE id = ANY($1) ORDER BY id`,
        [ids],
      )
    ).map((row: Record<string, unknown>) => ({ ...row, id: Number(row.id) }));

  it('classifies and relinks what was stored unclassified, leaves MANUAL rows, and reclassifies AUTO rows with --all', async () => {
    // Classified commune indicators linked to their province's: what an upgraded database lacks.
    const sample: number[] = (
      await db.dataSource.query(
        `SELECT id FROM indicator
          WHERE catalog_source = 'AUTO' AND province_indicator_id IS NOT NULL ORDER BY id LIMIT 12`,
      )
    ).map((row: { id: number }) => Number(row.id));
    expect(sample).toHaveLength(12);
    const [manual, ...auto] = sample;
    const seeded = await classification(sample);
    await db.dataSource.query(
      `UPDATE indicator SET catalog_code = NULL, catalog_confidence = NULL, catalog_phrase = NULL,
              catalog_source = NULL, province_indicator_id = NULL, province_link_source = NULL
        WHERE id = ANY($1)`,
      [auto],
    );
    await db.dataSource.query(
      `UPDATE indicator SET catalog_code = NULL, catalog_source = 'MANUAL' WHERE id = $1`,
      [manual],
    );

    const run = await cchc('indicators', 'classify');
    expect(run).toMatchObject({ status: 0, stdout: '' });
    expect(run.stderr).toMatch(/Classified 11 indicator\(s\) anew/);
    expect(run.stderr).toMatch(/Classifying \[#+\] \d+\/\d+/);
    const after = await classification(sample);
    expect(after.slice(1)).toEqual(seeded.slice(1));
    expect(after[0]).toMatchObject({ id: manual, code: null, source: 'MANUAL' });

    // Nothing left to do: a second run changes nothing.
    expect((await cchc('indicators', 'classify')).stderr).toMatch(/Classified 0 indicator\(s\) anew/);

    // A stored AUTO classification that the catalogue no longer gives is corrected only with --all.
    await db.dataSource.query(
      `UPDATE indicator SET catalog_code = CASE WHEN catalog_code = 'SATISFACTION' THEN 'DATA_REUSE' ELSE 'SATISFACTION' END
        WHERE id = $1`,
      [auto[0]],
    );
    expect((await cchc('indicators', 'classify')).stderr).toMatch(/Classified 0 indicator\(s\) anew/);
    const all = await cchc('indicators', 'classify', '--all');
    expect(all.status).toBe(0);
    // (It also fills in the phrase and confidence of generated indicators, stored without them.)
    expect(all.stderr).toMatch(/Classified [1-9]\d* indicator\(s\) anew/);
    expect(await classification(sample)).toEqual(after);
  });

  it('refuses anything but classify [--all] with exit 2 and the usage', async () => {
    for (const args of [['indicators'], ['indicators', 'relink'], ['indicators', 'classify', 'extra']]) {
      const run = await cchc(...args);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/indicators needs classify/);
      expect(run.stderr).toMatch(/cchc indicators classify \[--all\]/);
    }
  });
});
