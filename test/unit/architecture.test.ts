import path from 'node:path';
import { importGraph, importsOf } from '../architecture/import-graph';
import type { ImportEdge } from '../architecture/import-graph';
import { featureCycles, importRuleViolations } from '../architecture/import-rules';

const ROOT = path.join(__dirname, '..', '..');

describe('the import rules of docs/ARCHITECTURE.md', () => {
  it('hold for src/', () => {
    const { edges, packages } = importGraph(ROOT, ['src']);
    expect(edges.length).toBeGreaterThan(100); // the graph was read at all
    expect(importRuleViolations(edges, packages)).toEqual([]);
  });
});

describe('the import rule check itself', () => {
  const edge = (from: string, to: string, typeOnly = false): ImportEdge => ({ from, to, typeOnly, line: 1 });

  it.each([
    [
      'the core importing a module',
      edge('src/core/period.ts', 'src/modules/plan/plan.entity.ts'),
      /core imports no feature/,
    ],
    [
      'a module importing the composition root',
      edge('src/modules/plan/plan.service.ts', 'src/app/request-context.ts'),
      /composition root/,
    ],
    [
      'the core importing the composition root',
      edge('src/core/errors.ts', 'src/app/graphql-errors.ts'),
      /composition root/,
    ],
    [
      'the parser importing the CLI',
      edge('src/parsing/target.ts', 'src/cli/progress.ts'),
      /composition root/,
    ],
  ])('refuses %s', (_label, bad, message) => {
    const violations = importRuleViolations([bad]);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatch(message);
  });

  it('lets the composition root import every layer, and modules the core', () => {
    expect(
      importRuleViolations([
        edge('src/main.ts', 'src/app/server.ts'),
        edge('src/app/schema.ts', 'src/modules/plan/plan.resolver.ts'),
        edge('src/cli/cchc.ts', 'src/core/config.ts'),
        edge('src/modules/plan/plan.service.ts', 'src/core/errors.ts'),
        edge('src/modules/task/task.entity.ts', 'src/modules/plan/plan.entity.ts'),
      ]),
    ).toEqual([]);
  });

  it('refuses GraphQL in the database layer, the domain errors and the policy', () => {
    const violations = importRuleViolations(
      [],
      [
        { from: 'src/core/db/transaction.ts', pkg: 'graphql', line: 3 },
        { from: 'src/modules/auth/policy.ts', pkg: 'type-graphql', line: 1 },
        { from: 'src/core/errors.ts', pkg: '@apollo/server', line: 1 },
        { from: 'src/modules/plan/plan.resolver.ts', pkg: 'type-graphql', line: 1 },
      ],
    );
    expect(violations).toEqual([
      'src/core/db/transaction.ts:3 imports graphql: this file must not know GraphQL.',
      'src/modules/auth/policy.ts:1 imports type-graphql: this file must not know GraphQL.',
      'src/core/errors.ts:1 imports @apollo/server: this file must not know GraphQL.',
    ]);
  });

  it('finds a circle of run-time imports between feature folders, through any number of them', () => {
    const cycle = featureCycles([
      edge('src/modules/plan/plan.resolver.ts', 'src/modules/task/task.entity.ts'),
      edge('src/modules/task/task.service.ts', 'src/modules/report/report.entity.ts'),
      edge('src/modules/report/report.service.ts', 'src/modules/plan/plan.entity.ts'),
      edge('src/modules/report/report.service.ts', 'src/core/errors.ts'),
    ]);
    expect(cycle).toEqual([
      {
        members: ['src/modules/plan', 'src/modules/report', 'src/modules/task'],
        path: [
          'src/modules/plan (src/modules/plan/plan.resolver.ts:1)',
          'src/modules/task (src/modules/task/task.service.ts:1)',
          'src/modules/report (src/modules/report/report.service.ts:1)',
          'src/modules/plan',
        ],
      },
    ]);
  });

  it('allows a circle made only through type-only imports (TypeORM relations), and a one-way chain', () => {
    expect(
      featureCycles([
        edge('src/modules/task/task.entity.ts', 'src/modules/plan/plan.entity.ts'),
        edge('src/modules/plan/plan.entity.ts', 'src/modules/task/task.entity.ts', true),
        edge('src/modules/report/report.service.ts', 'src/modules/task/task.entity.ts'),
      ]),
    ).toEqual([]);
  });

  it.each([
    ["import type { A } from './a';", true],
    ["import { type A, type B } from './a';", true],
    ["import { type A, B } from './a';", false],
    ["import A from './a';", false],
    ["import './a';", false],
    ["export { A } from './a';", false],
    ["export type { A } from './a';", true],
    ["declare module './a' { interface X {} }", true],
    ["const a = require('./a');", false],
  ])('reads %s as type-only: %s', (source, typeOnly) => {
    const [found] = importsOf(ROOT, 'src/core/x.ts', source.replaceAll("'./a'", "'./errors'"));
    expect(found).toMatchObject({ from: 'src/core/x.ts', to: 'src/core/errors.ts', typeOnly });
  });
});
