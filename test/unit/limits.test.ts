import 'reflect-metadata';
import { getNamedType, getNullableType, isLeafType, isListType, isObjectType, parse } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { LIST_CAPS, listCostEstimator } from '../../src/app/limits';
import { createSchema } from '../../src/app/schema';

/** The cost estimate of the query limits (src/app/limits.ts). */
describe('query cost', () => {
  let schema: Awaited<ReturnType<typeof createSchema>>;
  beforeAll(async () => {
    schema = await createSchema();
  });
  const cost = (query: string, variables?: Record<string, unknown>) =>
    getComplexity({ schema, query: parse(query), variables, estimators: [listCostEstimator] });

  it('gives every list field without `first` a cap of its own (no list counts a guessed size)', () => {
    const uncapped: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        const list = isListType(getNullableType(field.type)) && !isLeafType(getNamedType(field.type));
        const paged = field.args.some((arg) => arg.name === 'first');
        const edges = type.name.endsWith('Connection') && field.name === 'edges';
        if (list && !paged && !edges && LIST_CAPS[`${type.name}.${field.name}`] === undefined) {
          uncapped.push(`${type.name}.${field.name}`);
        }
      }
    }
    expect(uncapped).toEqual([]);
  });

  it.each([
    ['{ reformAreas { code } }', 7],
    ['{ communes(first: 10) { totalCount edges { node { code } } } }', 10 * (1 + 1 + 1)],
    ['{ communes { edges { node { code } } } }', 50 * 3], // the default page size
    [
      '{ province(code: "52") { communes(first: 2) { edges { node { plans { id } } } } } }',
      1 + 2 * (1 + 1 + 1 + 5),
    ],
    ['{ rollup(periods: ["2025"], groupBy: [AREA], first: 25) { taskCount } }', 25],
    ['{ rollup(periods: ["2025"], groupBy: [AREA]) { taskCount } }', 10_000],
    ['{ __schema { types { fields { name } } } }', 0],
  ])('%s costs %d', (query, expected) => {
    expect(cost(query)).toBe(expected);
  });

  it('reads `first` from variables', () => {
    const query = 'query($n: Int!) { communes(first: $n) { edges { node { code } } } }';
    expect(cost(query, { n: 4 })).toBe(12);
    expect(cost(query, { n: 400 })).toBe(1200);
  });
});
