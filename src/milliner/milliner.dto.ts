import { ApiProperty } from '@nestjs/swagger';
import { IsPlainText, IsTrimmedLength, RequiredString } from '../common/validators';
import { MILLINER_USERNAME_PATTERN } from './milliner.rules';

/**
 * Body of `POST /api/signup` (docs/milliner.md, "Request"). Fields are declared in the order of
 * the spec's table: the first failing one answers (row 2).
 */
export class MillinerSignupRequest {
  @ApiProperty({ example: 'Name LastName', minLength: 1, maxLength: 256 })
  @RequiredString()
  @IsTrimmedLength(1, 256, { message: 'fullName must be 1 to 256 characters' })
  @IsPlainText({ name: true })
  fullName: string;

  @ApiProperty({
    example: 'testhat',
    pattern: MILLINER_USERNAME_PATTERN.source,
    description: 'Lower-case ASCII letters and digits, starting with a letter, 4 to 22 characters',
  })
  @RequiredString()
  username: string;

  @ApiProperty({ example: 'email@example.com', maxLength: 254 })
  @RequiredString()
  email: string;

  @ApiProperty({
    example: 'very-strong-password',
    minLength: 8,
    maxLength: 256,
    description: 'Not a common password; zxcvbn score of at least 2 on its first 20 characters',
  })
  @RequiredString()
  pass: string;

  @ApiProperty({ example: 'very-strong-password', description: 'Must equal pass exactly' })
  @RequiredString()
  passRepeat: string;
}

/** 200 body of a Milliner signup. */
export class MillinerSignupResponse {
  @ApiProperty({ example: 'OK' })
  status: 'OK';

  @ApiProperty({ example: 'Signup for testhat saved' })
  message: string;
}

/** Error body of the Milliner dialect (docs/milliner.md, "Errors"). */
export class MillinerErrorResponse {
  @ApiProperty({ example: 'Invalid username' })
  message: string;

  @ApiProperty({
    example:
      'Username must not contain spaces, uppercase letters or special characters, 22 characters maximum',
  })
  cause: string;
}
