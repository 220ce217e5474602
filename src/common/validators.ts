import {
  IsDefined,
  IsNotEmpty,
  IsOptional,
  IsString,
  ValidateBy,
  ValidationOptions,
} from 'class-validator';

/**
 * Length in code points after NFKC and trimming lies in [min, max]
 * (docs/accounts.md: input is NFKC-normalised first, lengths counted in code points).
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

const CONTROL = /\p{Cc}/u;

/** The message of a missing field, as every dialect's error table words it. */
export const requiredMessage = (field: string) => ({ message: `${field} is required` });
/** The message of a field that is not a string, as every dialect's error table words it. */
export const stringMessage = (field: string) => ({ message: `${field} must be a string` });
/** The message of a field with a control character (docs/accounts.md, "Hostile input"). */
export const plainTextMessage = (field: string) => ({
  message: `${field} must not contain control characters`,
});
/** True when a string holds no control character (`\p{Cc}`, NUL included). */
export const isPlainText = (value: string): boolean => !CONTROL.test(value);

/**
 * A required string field: present (`<field> is required`), not empty unless
 * `allowEmpty` (an empty value then reaches the Accounts rules, as Zato's empty username
 * does), and a string (`<field> must be a string`). The field name is the property's.
 */
export function RequiredString(options: { allowEmpty?: boolean } = {}): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    const field = String(key);
    IsDefined(requiredMessage(field))(target, key);
    if (!options.allowEmpty) IsNotEmpty(requiredMessage(field))(target, key);
    IsString(stringMessage(field))(target, key);
  };
}

/** An optional string field: absent, or a string (`<field> must be a string`). */
export function OptionalString(): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    IsOptional()(target, key);
    IsString(stringMessage(String(key)))(target, key);
  };
}

const INVISIBLE = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]/u;

/**
 * The string (or each string of a list) holds no control character (`\p{Cc}`, NUL
 * included); with `name`, no bidi control, format character or default-ignorable either, as
 * a full name may not (docs/accounts.md, "Hostile input"). PostgreSQL cannot even store a
 * NUL. Identifiers and passwords are checked by the Accounts rules instead, which answer in
 * each dialect's own words.
 */
export function IsPlainText(options: { name?: boolean } = {}): PropertyDecorator {
  const forbidden = options.name ? INVISIBLE : CONTROL;
  const clean = (value: unknown) => typeof value !== 'string' || !forbidden.test(value);
  return (target: object, key: string | symbol) =>
    ValidateBy(
      {
        name: 'isPlainText',
        validator: {
          validate: (value: unknown) => (Array.isArray(value) ? value.every(clean) : clean(value)),
        },
      },
      {
        message: options.name
          ? `${String(key)} must not contain control or invisible characters`
          : plainTextMessage(String(key)).message,
      },
    )(target, key);
}
