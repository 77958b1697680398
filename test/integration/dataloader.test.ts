import { Role } from '../../src/core/viewer';
import type { Viewer } from '../../src/core/viewer';
import { countStatements } from '../utils/graphql';
import { useSeededGraphql } from '../utils/seeded-graphql';

// Communes → plans → tasks → progress, plus the owner, areas and indicators: every level batched.
const DEEP_QUERY = `query Deep($first: Int!) {
  communes(first: $first) {
    totalCount
    edges { node {
      code province { code }
      plans {
        year owner { __typename }
        areas { area { code } taskCount }
        indicators { name value(period: "2025Q4") { actualValue } }
        tasks(first: 100) { totalCount edges { node { ordinal area { code } progress(period: "2025Q4") { status percent } } } }
        reports { period taskProgress { status } }
      }
    } }
  }
}`;

describe('DataLoader batching', () => {
  const client = useSeededGraphql();

  it('issues the same small number of statements for 5 and for 100 communes', async () => {
    const five = await countStatements(() => client.data(DEEP_QUERY, { first: 5 }));
    const hundred = await countStatements(() => client.data(DEEP_QUERY, { first: 100 }));

    const communes = (r: typeof five) => (r.result as any).communes.edges;
    expect(communes(five)).toHaveLength(5);
    expect(communes(hundred)).toHaveLength(100);
    // The bigger query really walks more rows: plans, tasks and progress for every commune.
    const progressCount = (r: typeof five) =>
      communes(r).flatMap((e: any) =>
        e.node.plans.flatMap((p: any) => p.tasks.edges.filter((t: any) => t.node.progress)),
      ).length;
    expect(progressCount(hundred)).toBeGreaterThan(progressCount(five) * 10);

    expect(hundred.statements).toHaveLength(five.statements.length);
    // One statement per level (communes page, province, plans, owner, area headings, reform areas,
    // all tasks for taskCount, reports, indicators, report progress, task pages, values, progress):
    // no statement text repeats, which is what an N+1 would look like.
    expect(new Set(five.statements).size).toBe(five.statements.length);
    expect(five.statements.length).toBeLessThanOrEqual(13);
  });

  it('costs a restricted viewer no more statements: the read guard learns owners from the rows it checks', async () => {
    const [{ gialai, commune }] = await client
      .db()
      .dataSource.query(`SELECT province_id AS gialai, id AS commune FROM commune WHERE code = '52001'`);
    const analyst: Viewer = {
      role: Role.PROVINCE_ANALYST,
      name: 'a',
      tokenId: null,
      provinceId: gialai,
      communeId: null,
    };
    const officer: Viewer = {
      role: Role.COMMUNE_OFFICER,
      name: 'o',
      tokenId: null,
      provinceId: gialai,
      communeId: commune,
    };
    const run = (first: number, viewer?: Viewer) =>
      countStatements(() => client.data(DEEP_QUERY, { first }, viewer));

    const operator = await run(100);
    const [analyst5, analyst100] = [await run(5, analyst), await run(100, analyst)];
    // The same statements (in whatever order the loaders fired).
    expect([...analyst100.statements].sort()).toEqual([...operator.statements].sort());
    expect(analyst5.statements).toHaveLength(analyst100.statements.length);
    // The analyst saw every plan of its communes, the officer only its own.
    const plans = (r: typeof operator) =>
      (r.result as any).communes.edges.flatMap((e: any) => e.node.plans).length;
    expect(plans(analyst100)).toBe(plans(operator));
    const [officer5, officer100] = [await run(5, officer), await run(100, officer)];
    expect(plans(officer100)).toBe(2);
    expect(officer100.statements).toHaveLength(officer5.statements.length);
    expect(officer100.statements.length).toBeLessThanOrEqual(operator.statements.length);
    // Five large reads (100 communes each): slow on CI's two busy cores.
  }, 180_000);
});
