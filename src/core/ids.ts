import { Matches } from 'class-validator';
import { BadUserInputError } from './errors';

/**
 * The one id check of the API. Every id is a positive serial (an int4 column), so a GraphQL ID
 * argument must be "1" to "999999999": "0", signs, spaces and leading zeros are refused as
 * BAD_USER_INPUT before any SQL runs.
 */
const ID_PATTERN = /^[1-9]\d{0,8}$/;

/** Class-validator check of an ID field of an args or input class: "<field> must be <what> id …". */
export function IsId(what: string): PropertyDecorator {
  return Matches(ID_PATTERN, { message: `$property must be ${what} id (a positive integer)` });
}

/**
 * An ID argument that no input class validates, as the integer id it must be: BAD_USER_INPUT on
 * `field` otherwise. `noun` names the record for the message ("plan" → "Plan id "x" is not a plan id").
 */
export function parseId(value: string, field: string, noun: string): number {
  if (!ID_PATTERN.test(value)) {
    const article = /^[aeiou]/i.test(noun) ? 'an' : 'a';
    throw new BadUserInputError(
      `${noun.charAt(0).toUpperCase()}${noun.slice(1)} id "${value}" is not ${article} ${noun} id (a positive integer).`,
      field,
    );
  }
  return Number(value);
}
