import type { ValidationError } from 'class-validator';

import type { InputProblem } from '../core/errors';

/**
 * Flattens class-validator's error tree (what TypeGraphQL 2's ArgumentValidationError carries in
 * extensions.validationErrors) into argument paths and messages. The tree also holds the whole
 * input object (target, value), which must not be echoed back to clients.
 */
export function validationProblems(errors: readonly ValidationError[], parent = ''): InputProblem[] {
  const problems: InputProblem[] = [];
  for (const error of errors) {
    const field = !parent
      ? error.property
      : /^\d+$/.test(error.property)
        ? `${parent}[${error.property}]`
        : `${parent}.${error.property}`;
    for (const message of Object.values(error.constraints ?? {})) {
      // class-validator starts its messages with the property name: replace it with the full path.
      const text = message.startsWith(`${error.property} `)
        ? `${field}${message.slice(error.property.length)}`
        : `${field}: ${message}`;
      problems.push({ field, message: text });
    }
    problems.push(...validationProblems(error.children ?? [], field));
  }
  return problems;
}

/** Is this extensions.validationErrors of TypeGraphQL's ArgumentValidationError? */
export function isValidationErrorList(value: unknown): value is ValidationError[] {
  return (
    Array.isArray(value) &&
    value.every((e) => typeof e === 'object' && e !== null && typeof e.property === 'string')
  );
}
