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
});
