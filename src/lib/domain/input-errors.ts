/**
 * Zod issues turned into `{ field, code }` errors the forms show next to their inputs. Shared by
 * every input schema (meetings, plans), so the same mistake gets the same code everywhere.
 */
import type { z } from 'zod';
import type { NumberInputErrorCode } from './number-input.ts';

export type InputErrorCode =
	/** From reading typed numbers, see number-input.ts (incl. `required`, `too_big`). */
	| NumberInputErrorCode
	/** Wrong JSON type (a number where text belongs …). */
	| 'invalid_type'
	/** Text too short / too long. */
	| 'too_short'
	| 'too_long'
	/** List with too few / too many items. */
	| 'too_few'
	| 'too_many'
	/** Number below the minimum / above the maximum. */
	| 'too_small'
	| 'not_integer'
	/** Not one of the allowed values. */
	| 'invalid_choice'
	/** Not a date and time (or no such day, like 30 February). */
	| 'invalid_datetime'
	/** Text in the wrong shape (a sector code with spaces …). */
	| 'invalid_format'
	/** A key the input does not have. */
	| 'unknown_field'
	/** Anything else the schema refuses. */
	| 'invalid';

export type InputError<C extends string = InputErrorCode> = {
	/** Dotted path (`quorum.min`); `''` for the input as a whole (not an object). */
	field: string;
	code: C;
};

export function fieldOf(path: readonly PropertyKey[]): string {
	// Array indexes are dropped: the form shows a list (agenda, sectors) as one input.
	return path.filter((p) => typeof p === 'string').join('.');
}

export function issueToErrors(issue: z.core.$ZodIssue): InputError[] {
	const field = fieldOf(issue.path);
	const at = (code: InputErrorCode): InputError[] => [{ field, code }];
	switch (issue.code) {
		case 'invalid_type':
			if (issue.expected === 'int' && typeof issue.input === 'number') return at('not_integer');
			return at(issue.input === undefined ? 'required' : 'invalid_type');
		case 'too_small':
			return at(
				issue.origin === 'string' ? 'too_short' : issue.origin === 'array' ? 'too_few' : 'too_small'
			);
		case 'too_big':
			return at(
				issue.origin === 'string' ? 'too_long' : issue.origin === 'array' ? 'too_many' : 'too_big'
			);
		case 'invalid_format':
			return at(issue.format === 'datetime' ? 'invalid_datetime' : 'invalid_format');
		case 'invalid_value':
			return at(issue.input === undefined ? 'required' : 'invalid_choice');
		case 'invalid_union': {
			// A discriminated union reports a missing `kind` with the whole object as input.
			const input = issue.input;
			const missing =
				issue.discriminator !== undefined &&
				typeof input === 'object' &&
				input !== null &&
				(input as Record<string, unknown>)[issue.discriminator] === undefined;
			return at(missing ? 'required' : 'invalid_choice');
		}
		case 'unrecognized_keys':
			return issue.keys.map((key) => ({
				field: fieldOf([...issue.path, key]),
				code: 'unknown_field'
			}));
		default:
			return at('invalid');
	}
}

export function uniqueErrors<E extends { field: string; code: string }>(errors: E[]): E[] {
	const seen = new Set<string>();
	return errors.filter((e) => {
		const key = `${e.field}\u0000${e.code}`;
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}
