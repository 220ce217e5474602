import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * Length in code points after NFKC and trimming lies in [min, max]
 * (accounts.md: input is NFKC-normalised first, lengths counted in code points).
 */
export function IsTrimmedLength(
  min: number,
  max: number,
  options?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTrimmedLength',
      constraints: [min, max],
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return false;
          const length = Array.from(value.normalize('NFKC').trim()).length;
          return length >= min && length <= max;
        },
      },
    },
    options,
  );
}

/** The value is an array whose entries are all strings. */
export function IsStringList(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isStringList',
      validator: {
        validate: (value: unknown) =>
          Array.isArray(value) && value.every((entry) => typeof entry === 'string'),
      },
    },
    options,
  );
}

/** Messages of the presence and type checks, worded as the dialects' specs word them. */
export const requiredMessage = (field: string) => ({ message: `${field} is required` });
export const stringMessage = (field: string) => ({ message: `${field} must be a string` });
