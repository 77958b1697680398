import 'reflect-metadata';
import { buildSchema } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { CommuneResolver } from '../modules/commune/commune.resolver';
import { IndicatorResolver } from '../modules/indicator/indicator.resolver';
import { PlanAreaResolver, PlanResolver } from '../modules/plan/plan.resolver';
import { ProvinceResolver } from '../modules/province/province.resolver';
import { ReformAreaResolver } from '../modules/reform-area/reform-area.resolver';
import {
  IndicatorValueResolver,
  StatusReportResolver,
  TaskProgressResolver,
} from '../modules/report/report.resolver';
import { TaskResolver } from '../modules/task/task.resolver';

export const RESOLVERS = [
  ReformAreaResolver,
  ProvinceResolver,
  CommuneResolver,
  PlanResolver,
  PlanAreaResolver,
  TaskResolver,
  IndicatorResolver,
  StatusReportResolver,
  TaskProgressResolver,
  IndicatorValueResolver,
] as const;

/** The executable schema. Input validation (class-validator) is on: TypeGraphQL 2 defaults it off. */
export function createSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: RESOLVERS,
    validate: { forbidUnknownValues: false },
    emitSchemaFile: false,
  });
}
