import {
  defaultFieldResolver,
  GraphQLFloat,
  GraphQLID,
  GraphQLString,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import type { GraphQLField, GraphQLFieldResolver, GraphQLInputType, GraphQLSchema } from 'graphql';
import { BadUserInputError } from '../core/errors';
import type { InputProblem } from '../core/errors';
import { checkText, dateProblem, DEFAULT_MAX_CHARS, floatProblem } from '../core/text-input';

/** The limits the guard applies; `import` is what a field marked `@MaxChars('import')` may hold. */
export interface InputGuardLimits {
  defaultMaxChars: number;
  importMaxChars: number;
}

const LOCAL_DATE = 'LocalDate';

/** Does a value of this input type hold anything the guard checks (a string, ID, Float or date)? */
function needsCheck(type: GraphQLInputType, seen = new Set<GraphQLInputType>()): boolean {
  if (isNonNullType(type) || isListType(type)) return needsCheck(type.ofType, seen);
  if (isScalarType(type)) {
    return [GraphQLString.name, GraphQLID.name, GraphQLFloat.name, LOCAL_DATE].includes(type.name);
  }
  if (isEnumType(type) || seen.has(type)) return false;
  seen.add(type);
  return Object.values(type.getFields()).some((field) => needsCheck(field.type, seen));
}

const maxCharsOf = (
  extensions: Readonly<Record<string, unknown>> | null | undefined,
  limits: InputGuardLimits,
) => {
  const limit = extensions?.maxChars;
  if (limit === 'import') return limits.importMaxChars;
  return typeof limit === 'number' ? limit : limits.defaultMaxChars;
};

/**
 * One argument value, checked and normalised: strings and IDs to NFC, refused with NUL, unpaired
 * surrogates or beyond their length; floats finite and in range; dates in range. Returns the
 * value to hand the resolver (a copy where something changed) and records every problem.
 */
function sanitize(
  value: unknown,
  type: GraphQLInputType,
  path: string,
  maxChars: number,
  limits: InputGuardLimits,
  problems: InputProblem[],
): unknown {
  if (value === null || value === undefined) return value;
  if (isNonNullType(type)) return sanitize(value, type.ofType, path, maxChars, limits, problems);
  if (isListType(type)) {
    if (!Array.isArray(value)) return sanitize(value, type.ofType, path, maxChars, limits, problems);
    return value.map((item, i) => sanitize(item, type.ofType, `${path}[${i}]`, maxChars, limits, problems));
  }
  if (isInputObjectType(type)) {
    const object = value as Record<string, unknown>;
    const copy: Record<string, unknown> = { ...object };
    for (const field of Object.values(type.getFields())) {
      if (!(field.name in object) || !needsCheck(field.type)) continue;
      copy[field.name] = sanitize(
        object[field.name],
        field.type,
        `${path}.${field.name}`,
        maxCharsOf(field.extensions, limits),
        limits,
        problems,
      );
    }
    return copy;
  }
  if (isScalarType(type)) {
    if (typeof value === 'string') {
      const checked = checkText(value, maxChars);
      if ('problem' in checked) {
        problems.push({ field: path, message: `${path} ${checked.problem}` });
        return value;
      }
      if (type.name === LOCAL_DATE) {
        const problem = dateProblem(checked.value);
        if (problem) problems.push({ field: path, message: `${path} ${problem}` });
      }
      return checked.value;
    }
    if (typeof value === 'number' && type.name === GraphQLFloat.name) {
      const problem = floatProblem(value);
      if (problem) problems.push({ field: path, message: `${path} ${problem}` });
    }
    // LocalDate arrives as a string; graphql-scalars keeps it so.
  }
  return value;
}

const guardedFields = new WeakSet<GraphQLField<unknown, unknown>>();

/** Was this field's resolver wrapped by applyInputGuard? (For the test that every field with text args is.) */
export const isInputGuarded = (field: GraphQLField<unknown, unknown>) => guardedFields.has(field);

/**
 * Wraps the resolver of every field that takes a string, ID, Float or date argument (nested in
 * input objects and lists included): its arguments are checked and normalised (core/text-input.ts)
 * before the resolver, class-validator or any SQL sees them. One BAD_USER_INPUT names every bad
 * argument path in extensions.problems, the first in extensions.field. A field or argument may
 * raise its length limit with `@MaxChars(n)` (core/max-chars.ts).
 */
export function applyInputGuard(
  schema: GraphQLSchema,
  limits: InputGuardLimits = { defaultMaxChars: DEFAULT_MAX_CHARS, importMaxChars: DEFAULT_MAX_CHARS },
): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const args = field.args.filter((arg) => needsCheck(arg.type));
      if (!args.length) continue;
      const guarded =
        (next: GraphQLFieldResolver<unknown, unknown>): GraphQLFieldResolver<unknown, unknown> =>
        (source, rawArgs, context, info) => {
          const problems: InputProblem[] = [];
          const checked: Record<string, unknown> = { ...rawArgs };
          for (const arg of args) {
            if (!(arg.name in rawArgs)) continue;
            checked[arg.name] = sanitize(
              rawArgs[arg.name],
              arg.type,
              arg.name,
              maxCharsOf(arg.extensions, limits),
              limits,
              problems,
            );
          }
          if (problems.length) {
            const shown = problems.slice(0, 10).map((p) => p.message);
            const more =
              problems.length > shown.length ? ` (and ${problems.length - shown.length} more)` : '';
            throw new BadUserInputError(`Invalid input: ${shown.join('; ')}${more}.`, problems[0].field, {
              problems,
            });
          }
          return next(source, checked, context, info);
        };
      field.resolve = guarded(field.resolve ?? defaultFieldResolver);
      // A subscription's arguments are checked when it starts, before its first event too.
      if (field.subscribe) field.subscribe = guarded(field.subscribe);
      guardedFields.add(field);
    }
  }
  return schema;
}
