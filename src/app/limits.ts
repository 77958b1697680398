import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import { GraphQLError, getNamedType, getNullableType, isLeafType, isListType } from 'graphql';
import type { DocumentNode, GraphQLField, GraphQLNamedType, GraphQLSchema, ValidationRule } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import { limitVariable } from '../core/config';
import type { RequestLimits } from '../core/config';
import { QueryTooComplexError } from '../core/errors';
import { MAX_PAGE_SIZE } from '../core/pagination';
import { ROLLUP_MAX_ROWS } from '../modules/rollup/rollup.type';

/**
 * Limits checked before an operation runs, so that no SQL statement is sent for one that is too
 * big: depth, aliases and directives (graphql-armor's validation rules), tokens (graphql-js's own
 * parser limit, which stops parsing at once) and an estimated cost (graphql-query-complexity, after
 * the variables are known). Each refusal is a QUERY_TOO_COMPLEX error, HTTP 400, naming the
 * setting and its value. Circular introspection is refused by graphql-js (MaxIntrospectionDepthRule).
 */

/**
 * How many items a list field without a `first` argument is counted as, by "Type.field": the
 * sizes of real and generated plans with room to spare (estimates multiply, so a cap of the worst
 * case at every level would price ordinary exports out). A list field missing here counts
 * DEFAULT_LIST_CAP items (test/unit/limits.test.ts keeps every list field of the schema listed).
 */
export const LIST_CAPS: Readonly<Record<string, number>> = {
  'Query.provinces': 100, // 34 provinces and the 63 former ones
  'Query.reformAreas': 7,
  'Province.plans': 5, // one a year
  'Commune.plans': 5,
  'Plan.areas': 7,
  'Plan.indicators': 50, // ~25 a plan
  'Plan.reports': 17, // one per period: a year, 4 quarters, 12 months
  'PlanArea.tasks': 50, // ~60 a plan over 7 areas
  'PlanArea.indicators': 50,
  'Task.milestones': 12,
  'StatusReport.taskProgress': 100, // one per task of the plan
  'StatusReport.indicatorValues': 50,
  'SaveReportDraftResult.taskProgress': 100,
  'SaveReportDraftResult.indicatorValues': 50,
  'ReportingSummary.missingCommunes': MAX_PAGE_SIZE,
  'RollupSummary.byArea': 7,
  'Query.rollup': ROLLUP_MAX_ROWS, // without `first`: every row, refused past this many
  'ProvinceRollupChange.areas': 7,
  'ProvinceRollupChange.communeAreas': 7 * 500, // a province's communes (under 500) by area
  'Query.indicatorCatalog': 100, // the national indicators: 20 today, edited by ADMIN
};
export const DEFAULT_LIST_CAP = 50;

const isIntrospection = (parent: GraphQLNamedType, field: GraphQLField<unknown, unknown>) =>
  parent.name.startsWith('__') || field.name.startsWith('__');

/** How many times a field's selection is resolved per parent: its `first`, its cap, or once. */
function itemsOf(
  parent: GraphQLNamedType,
  field: GraphQLField<unknown, unknown>,
  args: Record<string, unknown>,
) {
  if (typeof args.first === 'number') return Math.max(0, args.first);
  if (!isListType(getNullableType(field.type))) return 1;
  // A connection's edges are its `first` items, already counted on the connection field.
  if (parent.name.endsWith('Connection') && field.name === 'edges') return 1;
  return LIST_CAPS[`${parent.name}.${field.name}`] ?? DEFAULT_LIST_CAP;
}

/**
 * The cost of a field: 1 for each object it returns (leaves are free), times the items of a list
 * (its `first`, or its cap), plus what is selected inside each. Introspection is free (graphql-js
 * bounds its depth).
 */
export const listCostEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  if (isIntrospection(type, field)) return 0;
  const own = isLeafType(getNamedType(field.type)) ? 0 : 1;
  return itemsOf(type, field, args) * (own + childComplexity);
};

const tooComplex = (message: string, limit: keyof RequestLimits, max: number, found?: number) =>
  new QueryTooComplexError(
    `${message} (limit ${limitVariable(limit)}=${max}${found !== undefined ? `, this operation: ${found}` : ''}). Ask for less, or split the operation.`,
    { limit: limitVariable(limit), max, ...(found !== undefined ? { found } : {}) },
  );

/** Reports an armor refusal as a validation error whose original error is the domain error. */
function armorRejection(
  limit: 'maxDepth' | 'maxAliases' | 'maxDirectives',
  max: number,
  what: string,
): GraphQLArmorRejectCallback {
  return (context, error) => {
    const found = /found (\d+)/.exec(error.message)?.[1];
    const domainError = tooComplex(what, limit, max, found === undefined ? undefined : Number(found));
    context?.reportError(new GraphQLError(domainError.message, { originalError: domainError }));
  };
}

/**
 * The token limit is graphql-js's own (`parse(…, { maxTokens })`, which aborts at once); its parse
 * error is recognised here and given the limits' code.
 */
export function tokenLimitError(error: unknown): QueryTooComplexError | undefined {
  let cause: unknown = error;
  for (let i = 0; i < 3 && cause instanceof Error; i++) {
    // graphql-js 16 words it "more that".
    const max = /Document contains more tha[nt] (\d+) tokens/.exec(cause.message)?.[1];
    if (max !== undefined) return tooComplex('The query text has too many tokens', 'maxTokens', Number(max));
    cause = (cause as GraphQLError).originalError;
  }
  return undefined;
}

/**
 * The cost check of one operation and its variables: the QUERY_TOO_COMPLEX error when it costs
 * more than maxCost, else undefined. Variables that do not fit their types are left to execution,
 * which refuses them (BAD_USER_INPUT) before any resolver runs.
 */
export function operationCostError(
  limits: RequestLimits,
  operation: {
    schema: GraphQLSchema;
    document: DocumentNode;
    operationName?: string | null;
    variables?: Record<string, unknown> | null;
  },
): QueryTooComplexError | undefined {
  let cost: number;
  try {
    cost = getComplexity({
      schema: operation.schema,
      query: operation.document,
      operationName: operation.operationName ?? undefined,
      variables: operation.variables ?? {},
      estimators: [listCostEstimator],
    });
  } catch {
    return undefined;
  }
  if (cost <= limits.maxCost) return undefined;
  return tooComplex(
    'The operation would cost too much: each list field counts its `first` (or its cap) times what is selected inside it',
    'maxCost',
    limits.maxCost,
    cost,
  );
}

/** The cost check, once the operation and its variables are known (before execution). */
function costLimitPlugin(limits: RequestLimits): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          const domainError = operationCostError(limits, {
            schema,
            document,
            operationName: request.operationName,
            variables: request.variables,
          });
          if (domainError) {
            throw new GraphQLError(domainError.message, {
              originalError: domainError,
              extensions: { http: { status: 400, headers: new Map() } },
            });
          }
        },
      };
    },
  };
}

/** The Apollo Server options that apply the limits: validation rules, parse options, plugins. */
export function queryLimitOptions(limits: RequestLimits): {
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
  plugins: ApolloServerPlugin[];
} {
  const armor = new ApolloArmor({
    maxDepth: {
      n: limits.maxDepth,
      ignoreIntrospection: true,
      propagateOnRejection: false,
      onReject: [armorRejection('maxDepth', limits.maxDepth, 'The operation nests fields too deep')],
    },
    maxAliases: {
      n: limits.maxAliases,
      propagateOnRejection: false,
      onReject: [armorRejection('maxAliases', limits.maxAliases, 'The operation has too many aliases')],
    },
    maxDirectives: {
      n: limits.maxDirectives,
      propagateOnRejection: false,
      onReject: [
        armorRejection('maxDirectives', limits.maxDirectives, 'The operation has too many directives'),
      ],
    },
    // graphql-js's parser limit instead: armor's Apollo token plugin parses every document twice and
    // reports through unexpectedErrorProcessingRequest, which Apollo logs as an internal error.
    maxTokens: { enabled: false },
    // The cost plugin below instead: armor's cost rule has no list multipliers and no variables.
    costLimit: { enabled: false },
    // Introspection is open to every authenticated client (the IDE needs it), so "Did you mean"
    // hides nothing and helps a person fix a query.
    blockFieldSuggestion: { enabled: false },
  });
  const { plugins, validationRules } = armor.protect();
  return {
    validationRules,
    parseOptions: { maxTokens: limits.maxTokens },
    plugins: [...(plugins as ApolloServerPlugin[]), costLimitPlugin(limits)],
  };
}
