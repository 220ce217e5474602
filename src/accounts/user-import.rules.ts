import { plainToInstance } from 'class-transformer';
import { IsIn, IsOptional, Matches, MaxLength, validateSync } from 'class-validator';
import {
  hasLoneSurrogate,
  jsonErrorPosition,
  jsonNestingExceeds,
  MAX_JSON_DEPTH,
} from '../common/body-text';
import { IsPlainText, IsStringList, OptionalString, RequiredString } from '../common/validators';
import { AccountsException } from './accounts.errors';
import { nfkc } from './identifiers';
import { importedHashFormat, UnsupportedHashError } from './passwords/imported-hashes';
import { checkEmail, checkUsername, EMAIL_MAX_LENGTH, StoreRules } from './signup.rules';
import { ApprovalStatus, PasswordInput, SignupChannel, SignupStatus, User } from './user.entity';

/**
 * The longest username an import accepts, in code points: the longest any dialect takes by
 * default (SSO's `max_length_username`), so that every exported user comes back in.
 */
export const IMPORT_USERNAME_MAX_LENGTH = 128;

/** An optional field that, when present, is one of `values` (`<field> must be one of …`). */
function OptionalOneOf(values: readonly string[]): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    IsOptional()(target, key);
    IsIn(values, { message: `${String(key)} must be one of ${values.join(', ')}` })(target, key);
  };
}

/**
 * One line of `users import` as class-validator checks its shape (docs/accounts.md, "Moving
 * users"): only `username` and `password_hash` are required; unknown fields are refused, so
 * a misspelt field is not silently dropped.
 */
export class UserTransferLineDto {
  @RequiredString()
  username: string;

  @OptionalString()
  email?: string | null;

  @OptionalString()
  @IsPlainText({ name: true })
  @MaxLength(256, { message: 'full_name must be at most 256 characters' })
  full_name?: string | null;

  @RequiredString()
  password_hash: string;

  @OptionalOneOf(Object.values(PasswordInput))
  password_input?: PasswordInput | null;

  @OptionalOneOf(Object.values(SignupChannel))
  signup_channel?: SignupChannel | null;

  @OptionalString()
  @Matches(/^[\x21-\x7e]{1,64}$/, {
    message: 'client_id must be 1 to 64 visible ASCII characters',
  })
  client_id?: string | null;

  @OptionalString()
  @IsPlainText()
  @MaxLength(256, { message: 'current_app must be at most 256 characters' })
  current_app?: string | null;

  @IsOptional()
  @IsStringList({ message: 'app_list must be a list of strings' })
  @IsPlainText()
  app_list?: string[] | null;

  @OptionalOneOf(Object.values(SignupStatus))
  sign_up_status?: SignupStatus | null;

  @OptionalOneOf(Object.values(ApprovalStatus))
  approval_status?: ApprovalStatus | null;

  @OptionalString()
  @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/, {
    message: 'created_at must be an ISO 8601 date and time with a time zone',
  })
  created_at?: string | null;
}

/** A line that passed every rule: the user as it will be stored (canonical forms included). */
export type ImportedUser = Pick<
  User,
  | 'username'
  | 'usernameCanonical'
  | 'usernameSkeleton'
  | 'email'
  | 'emailCanonical'
  | 'fullName'
  | 'passwordHash'
  | 'passwordInput'
  | 'signupChannel'
  | 'clientId'
  | 'currentApp'
  | 'appList'
  | 'signupStatus'
  | 'approvalStatus'
> & {
  /** From `created_at`, or null for "now". */
  createdAt: Date | null;
};

/** Why a line was refused; the message is the reason `users import` reports. */
export class ImportLineRefused extends Error {}

/**
 * Parses and checks one line of `users import` (docs/accounts.md, "Moving users"): JSON
 * shape, then every identifier rule a signup meets (NFKC, forbidden and invisible
 * characters, canonical forms, UTS 39 skeleton, the store's reserved names, email syntax),
 * then the hash format ({@link importedHashFormat}). Password strength cannot apply: the
 * password is unknown. Uniqueness is the caller's (it needs the store). Pure.
 * Defaults: `signup_channel` `client-app`, `sign_up_status` `final`, `approval_status`
 * `approved`, `password_input` `raw`.
 * @param text one line, without its line break
 * @throws ImportLineRefused with the reason; never quotes the line (it holds a hash)
 */
export function parseImportLine(text: string, store: StoreRules): ImportedUser {
  if (jsonNestingExceeds(text)) {
    throw new ImportLineRefused(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // V8's own message quotes the text around the error: the hash could be in it.
    throw new ImportLineRefused(`Not valid JSON at position ${jsonErrorPosition(text)}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ImportLineRefused('Not a JSON object');
  }
  if (hasLoneSurrogate(value)) throw new ImportLineRefused('A string holds a lone surrogate');
  const line = plainToInstance(UserTransferLineDto, value);
  const [error] = validateSync(line, {
    whitelist: true,
    forbidNonWhitelisted: true,
    stopAtFirstError: true,
  });
  if (error) {
    const message = error.constraints?.whitelistValidation
      ? `Unknown field ${error.property}`
      : Object.values(error.constraints ?? {})[0];
    throw new ImportLineRefused(message ?? `${error.property} is invalid`);
  }
  return checkImportedUser(line, store);
}

function checkImportedUser(line: UserTransferLineDto, store: StoreRules): ImportedUser {
  const username = nfkc(line.username);
  const email = line.email ? nfkc(line.email) : null;
  let identifiers: { canonical: string; skeleton: string | null; emailCanonical: string | null };
  try {
    const checked = checkUsername(username, { maxLength: IMPORT_USERNAME_MAX_LENGTH }, store);
    const emailCanonical = checkEmail(email, { required: false, maxLength: EMAIL_MAX_LENGTH });
    identifiers = { ...checked, emailCanonical };
  } catch (error) {
    if (error instanceof AccountsException) throw new ImportLineRefused(error.message);
    throw error;
  }
  const passwordInput = line.password_input ?? PasswordInput.Raw;
  try {
    const format = importedHashFormat(line.password_hash);
    // This service writes $2b$ (node's bcrypt reads $2a$ alike), never $2y$.
    if (
      passwordInput === PasswordInput.NfkcPrehash &&
      (format !== 'bcrypt' || line.password_hash.startsWith('$2y$'))
    ) {
      throw new UnsupportedHashError(
        'password_input nfkc-prehash is for bcrypt $2a$ and $2b$ hashes only',
      );
    }
  } catch (error) {
    if (error instanceof UnsupportedHashError) throw new ImportLineRefused(error.message);
    throw error;
  }
  const createdAt = line.created_at ? new Date(line.created_at) : null;
  if (createdAt && Number.isNaN(createdAt.getTime())) {
    throw new ImportLineRefused('created_at is not a valid date');
  }
  return {
    username,
    usernameCanonical: identifiers.canonical,
    usernameSkeleton: identifiers.skeleton,
    email,
    emailCanonical: identifiers.emailCanonical,
    fullName: line.full_name ? nfkc(line.full_name).trim() || null : null,
    passwordHash: line.password_hash,
    passwordInput,
    signupChannel: line.signup_channel ?? SignupChannel.ClientApp,
    clientId: line.client_id ?? null,
    currentApp: line.current_app ?? null,
    appList: line.app_list ?? null,
    signupStatus: line.sign_up_status ?? SignupStatus.Final,
    approvalStatus: line.approval_status ?? ApprovalStatus.Approved,
    createdAt,
  };
}
