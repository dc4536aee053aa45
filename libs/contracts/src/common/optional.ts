import { ValidateIf, type ValidationOptions } from 'class-validator';

/**
 * The field may be left out; when it is there, its rules apply, to `null` as to any other value.
 * class-validator's `IsOptional` skips the rules for `null` too, so `{"name": null}` passed
 * validation and reached a NOT NULL column as a 500. Every DTO uses this instead.
 */
export function Optional(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined, options);
}
