import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDefined } from 'class-validator';
import {
  IsPlainText,
  IsStringList,
  OptionalString,
  requiredMessage,
  RequiredString,
} from '../common/validators';

/** Body of `POST /zato/sso/user/signup` (docs/sso.md, "Signup"), fields in the spec's order. */
export class SsoSignupRequest {
  @ApiProperty({ example: 'my.username', description: 'Username to create' })
  @RequiredString({ allowEmpty: true })
  username: string;

  @ApiProperty({
    example: '8CpzwqsiaQO.U.pOKOjsxhoGHAlJ8KaX6wq0CH6NKUvTYuPQP5Tw',
    description: "User's password",
  })
  @RequiredString({ allowEmpty: true })
  password: string;

  @ApiPropertyOptional({
    example: 'my.username@example.com',
    description: 'User\'s email; "" counts as absent',
  })
  @OptionalString()
  email?: string;

  @ApiPropertyOptional({
    example: 'CRM',
    description:
      'Application the user signs up through; may come in the [apps] http_header header instead',
  })
  @OptionalString()
  @IsPlainText()
  current_app?: string;

  @ApiProperty({
    example: ['CRM'],
    type: [String],
    description:
      'Applications the user wants (a single string is a list of one); each must be in [apps] all',
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? [value] : value))
  @IsDefined(requiredMessage('app_list'))
  @IsStringList({ message: 'app_list must be a list of strings' })
  @IsPlainText()
  app_list: string[];
}

/** Body of `PATCH /zato/sso/user/signup` (docs/sso.md, "Confirmation"). */
export class SsoConfirmRequest {
  @ApiProperty({
    example: 'AB_d86fF-6_UBq4g7npP0mS-i3HfGfpJ',
    description: 'The confirm token of the signup',
  })
  @RequiredString()
  @IsPlainText()
  confirm_token: string;

  @ApiPropertyOptional({
    example: 'CRM',
    description: 'Any app of [apps] all; may come in the [apps] http_header header',
  })
  @OptionalString()
  @IsPlainText()
  current_app?: string;
}

/** 200 body of an SSO confirmation. */
export class SsoConfirmResponse {
  @ApiProperty({
    example: '259529171ff77ce4c8b26e11',
    description: 'Correlation ID of the request',
  })
  cid: string;

  @ApiProperty({ example: 'ok', enum: ['ok'] })
  status: 'ok';
}

/** 200 body of an SSO signup. */
export class SsoSignupResponse {
  @ApiProperty({
    example: '259529171ff77ce4c8b26e11',
    description: 'Correlation ID of the request',
  })
  cid: string;

  @ApiProperty({ example: 'ok', enum: ['ok'] })
  status: 'ok';

  @ApiProperty({
    example: 'AB_d86fF-6_UBq4g7npP0mS-i3HfGfpJ',
    description: 'Signup confirmation token; URL-safe, 192 bits',
  })
  confirm_token: string;
}

/** Error envelope of the SSO dialect (docs/sso.md, "Envelope"). */
export class SsoErrorResponse {
  @ApiProperty({ example: '259529171ff77ce4c8b26e11' })
  cid: string;

  @ApiProperty({ example: 'error', enum: ['error'] })
  status: 'error';

  @ApiProperty({
    example: ['E001001'],
    type: [String],
    description: 'Status codes (see the operation description)',
  })
  sub_status: string[];
}
