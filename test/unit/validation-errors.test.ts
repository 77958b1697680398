import { ValidationError } from 'class-validator';
import { formatError } from '../../src/app/graphql-errors';
import { validationProblems } from '../../src/app/validation-errors';

const error = (property: string, constraints?: Record<string, string>, children: ValidationError[] = []) =>
  Object.assign(new ValidationError(), {
    property,
    constraints,
    children,
    target: { secret: 'input' },
    value: 1,
  });

describe('class-validator errors as argument paths', () => {
  const tree = [
    error('period', { maxLength: 'period must be shorter than or equal to 10 characters' }),
    error('taskProgress', undefined, [
      error('3', undefined, [error('percent', { max: 'percent must not be greater than 100' })]),
    ]),
    error('input', undefined, [error('name', { isLength: 'custom message' })]),
  ];

  it('names each bad value by its path, the message starting with it', () => {
    expect(validationProblems(tree)).toEqual([
      { field: 'period', message: 'period must be shorter than or equal to 10 characters' },
      { field: 'taskProgress[3].percent', message: 'taskProgress[3].percent must not be greater than 100' },
      { field: 'input.name', message: 'input.name: custom message' },
    ]);
  });

  it('formatError turns ArgumentValidationError into BAD_USER_INPUT with field and problems, without the input', () => {
    const formatted = formatError(
      {
        message: 'Argument Validation Error',
        path: ['saveReportDraft'],
        extensions: { code: 'BAD_USER_INPUT', validationErrors: tree },
      },
      null,
      { isDevelopment: false },
    );
    expect(formatted.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'period',
      problems: validationProblems(tree),
    });
    expect(formatted.message).toBe(
      'Invalid input: period must be shorter than or equal to 10 characters; taskProgress[3].percent must not be greater than 100; input.name: custom message.',
    );
    expect(JSON.stringify(formatted)).not.toContain('secret');
  });
});
