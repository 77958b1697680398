import { getNamedType, isObjectType, isUnionType } from 'graphql';
import type { GraphQLObjectType, GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import type { DomainError } from '../../src/core/errors';
import { createRequestContext } from '../../src/app/request-context';
import { createSchema } from '../../src/app/schema';
import { GUARDED_TYPES, isGuardedResolver, PUBLIC_TYPES } from '../../src/modules/auth/read-guard';
import { Role } from '../../src/core/viewer';
import type { Viewer } from '../../src/core/viewer';
import { createTestDatabase } from '../utils/test-database';
import type { TestDatabase } from '../utils/test-database';

describe('the read guard', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await createSchema();
  });

  it('knows every object type of the schema as guarded or public, and wraps every field returning a guarded one', () => {
    const objectTypes = Object.values(schema.getTypeMap()).filter(
      (t): t is GraphQLObjectType => isObjectType(t) && !t.name.startsWith('__'),
    );
    // A new type must be classified: owned data in GUARDED_TYPES, the rest in PUBLIC_TYPES.
    const unclassified = objectTypes
      .map((t) => t.name)
      .filter((n) => !GUARDED_TYPES[n] && !PUBLIC_TYPES.has(n));
    expect(unclassified).toEqual([]);
    expect(Object.keys(GUARDED_TYPES).filter((n) => PUBLIC_TYPES.has(n))).toEqual([]);

    const guardedFields: string[] = [];
    for (const type of objectTypes) {
      for (const field of Object.values(type.getFields())) {
        const named = getNamedType(field.type);
        const owned = isUnionType(named)
          ? named.getTypes().some((member) => GUARDED_TYPES[member.name])
          : Boolean(GUARDED_TYPES[named.name]);
        expect({ field: `${type.name}.${field.name}`, guarded: isGuardedResolver(field.resolve) }).toEqual({
          field: `${type.name}.${field.name}`,
          guarded: owned,
        });
        if (owned) guardedFields.push(`${type.name}.${field.name}`);
      }
    }
    // Spot checks of what "every field returning an owned type" means today.
    expect(guardedFields).toEqual(
      expect.arrayContaining([
        'Query.plan',
        'Query.province',
        'Query.provinces',
        'Query.commune',
        'CommuneEdge.node',
        'Commune.plans',
        'Province.plan',
        'Plan.owner',
        'TaskEdge.node',
        'Task.progress',
        'Indicator.provinceIndicator',
        'StatusReport.plan',
        'TaskProgress.report',
        'IndicatorValue.report',
        'OverdueTaskEdge.node',
        'ReportingSummary.missingCommunes',
        'Viewer.commune',
        'Mutation.importPlan',
      ]),
    );
  });

  describe('with forged parents (a field that hands out objects by a guessed id)', () => {
    let db: TestDatabase;
    let officer: Viewer;
    const own: Record<string, number> = {};
    const sibling: Record<string, number> = {};

    beforeAll(async () => {
      db = await createTestDatabase('seeded');
      const ids = async (code: string, into: Record<string, number>) => {
        const [row] = await db.dataSource.query(
          `SELECT c.id AS commune, c.province_id AS province, p.id AS plan, r.id AS report,
                  (SELECT min(id) FROM task WHERE plan_id = p.id) AS task,
                  (SELECT min(indicator_id) FROM indicator_value WHERE report_id = r.id) AS indicator
             FROM commune c JOIN plan p ON p.commune_id = c.id AND p.year = 2025
             JOIN status_report r ON r.plan_id = p.id AND r.period = '2025Q4'
            WHERE c.code = $1`,
          [code],
        );
        Object.assign(into, row);
      };
      await ids('52001', own);
      await ids('52002', sibling);
      officer = {
        role: Role.COMMUNE_OFFICER,
        name: 'officer',
        tokenId: null,
        provinceId: own.province,
        communeId: own.commune,
      };
    });
    afterAll(() => db?.drop());

    /** Calls a field's (guarded) resolver with a root object of our making, as the officer. */
    const resolve = async (type: string, field: string, root: object, args: object = {}) => {
      const context = createRequestContext(db.dataSource, officer);
      const resolver = (schema.getType(type) as GraphQLObjectType).getFields()[field].resolve!;
      try {
        return { value: await resolver(root, args, context, {} as GraphQLResolveInfo) };
      } catch (error) {
        return { code: (error as DomainError).code };
      }
    };

    it.each([
      ['TaskProgress', 'report', (ids: Record<string, number>) => ({ reportId: ids.report })],
      ['IndicatorValue', 'report', (ids: Record<string, number>) => ({ reportId: ids.report })],
      ['TaskProgress', 'task', (ids: Record<string, number>) => ({ taskId: ids.task })],
      ['IndicatorValue', 'indicator', (ids: Record<string, number>) => ({ indicatorId: ids.indicator })],
      ['StatusReport', 'plan', (ids: Record<string, number>) => ({ planId: ids.plan })],
      ['Indicator', 'task', (ids: Record<string, number>) => ({ taskId: ids.task })],
    ])(
      '%s.%s: the own commune’s object is served, a guessed one of another commune is NOT_FOUND (as if missing)',
      async (type, field, root) => {
        expect(await resolve(type, field, root(own))).toEqual({
          value: expect.objectContaining({ id: expect.any(Number) }),
        });
        expect(await resolve(type, field, root(sibling))).toEqual({ code: 'NOT_FOUND' });
      },
    );

    it('Task.progress and Indicator.value by a guessed task or indicator id are NOT_FOUND (as if missing)', async () => {
      const period = { period: '2025Q4' };
      expect((await resolve('Task', 'progress', { id: own.task }, period)).value).toBeTruthy();
      expect(await resolve('Task', 'progress', { id: sibling.task }, period)).toEqual({ code: 'NOT_FOUND' });
      expect((await resolve('Indicator', 'value', { id: own.indicator }, period)).value).toBeTruthy();
      expect(await resolve('Indicator', 'value', { id: sibling.indicator }, period)).toEqual({
        code: 'NOT_FOUND',
      });
    });

    it('lists keyed by a guessed id come back empty', async () => {
      expect((await resolve('StatusReport', 'taskProgress', { id: own.report })).value).not.toEqual([]);
      expect(await resolve('StatusReport', 'taskProgress', { id: sibling.report })).toEqual({ value: [] });
      expect(await resolve('StatusReport', 'indicatorValues', { id: sibling.report })).toEqual({ value: [] });
      expect(await resolve('Plan', 'reports', { id: sibling.plan })).toEqual({ value: [] });
      expect(await resolve('Plan', 'indicators', { id: sibling.plan }, {})).toEqual({ value: [] });
      expect(await resolve('PlanArea', 'tasks', { planId: sibling.plan, areaCode: 'DIRECTION' })).toEqual({
        value: [],
      });
    });
  });
});
