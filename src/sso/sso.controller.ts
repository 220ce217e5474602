import {
  applyDecorators,
  Controller,
  Headers,
  HttpCode,
  Patch,
  Post,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiForbiddenResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { DialectBody, firstErrorValidationPipe } from '../common/request-body';
import {
  SsoConfirmRequest,
  SsoConfirmResponse,
  SsoErrorResponse,
  SsoSignupRequest,
  SsoSignupResponse,
} from './sso.dto';
import { SSO_STATUS_MEANINGS, SsoStatusCode } from './sso.errors';
import { SsoExceptionFilter } from './sso-exception.filter';
import { SsoResponseInterceptor } from './sso.interceptor';
import { SsoResult, SsoService } from './sso.service';

const codeList = Object.entries(SSO_STATUS_MEANINGS)
  .map(([code, meaning]) => `- \`${code}\`: ${meaning}`)
  .join('\n');

const envelope = (...codes: SsoStatusCode[]) =>
  Object.fromEntries(
    codes.map((code) => [
      code,
      {
        summary: SSO_STATUS_MEANINGS[code],
        value: { cid: '259529171ff77ce4c8b26e11', status: 'error', sub_status: [code] },
      },
    ]),
  );

/** Zato parses the body as JSON whatever its Content-Type says (sso.md, "Envelope"). */
const SSO_BODY = { alwaysJson: true, unsupportedMessage: '' };

/** What both SSO routes document alike: the current-app header, 400, 413 and 503. */
const SsoCommonResponses = () =>
  applyDecorators(
    ApiHeader({
      name: 'X-Zato-SSO-Current-App',
      required: false,
      description: 'current_app when the body has none ([apps] http_header)',
    }),
    ApiBadRequestResponse({
      type: SsoErrorResponse,
      description: 'Input not understood',
      examples: envelope(SsoStatusCode.InvalidInput, SsoStatusCode.MissingInput),
    }),
    ApiPayloadTooLargeResponse({
      type: SsoErrorResponse,
      description: 'Body over 64 KiB',
      examples: envelope(SsoStatusCode.InvalidInput),
    }),
    ApiServiceUnavailableResponse({
      type: SsoErrorResponse,
      description: 'See Retry-After',
      examples: envelope(SsoStatusCode.ServiceUnavailable),
    }),
  );

/** Zato SSO's `User.signup` (sso.md). */
@ApiTags('SSO')
@Controller('zato/sso/user')
@UseFilters(SsoExceptionFilter)
@UseInterceptors(SsoResponseInterceptor)
export class SsoController {
  constructor(private readonly sso: SsoService) {}

  @Post('signup')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign a user up (Zato SSO User.signup)',
    description: `The body is parsed as JSON whatever its Content-Type. Status codes (\`sub_status\`):\n\n${codeList}`,
  })
  @ApiBody({ type: SsoSignupRequest })
  @ApiOkResponse({
    type: SsoSignupResponse,
    description: 'Signed up (or a hidden duplicate, which looks the same)',
  })
  @ApiForbiddenResponse({
    type: SsoErrorResponse,
    description: 'Refused: the first failing check of the signup table',
    examples: envelope(
      SsoStatusCode.AppInvalid,
      SsoStatusCode.AppSignupNotAllowed,
      SsoStatusCode.UsernameInvalid,
      SsoStatusCode.UsernameTooLong,
      SsoStatusCode.UsernameHasWhitespace,
      SsoStatusCode.EmailMissing,
      SsoStatusCode.EmailTooLong,
      SsoStatusCode.EmailHasWhitespace,
      SsoStatusCode.EmailInvalid,
      SsoStatusCode.PasswordTooShort,
      SsoStatusCode.PasswordTooLong,
      SsoStatusCode.PasswordRejected,
      SsoStatusCode.PasswordTooSimple,
      SsoStatusCode.UsernameExists,
      SsoStatusCode.EmailExists,
      SsoStatusCode.NotAllowed,
    ),
  })
  @SsoCommonResponses()
  signup(
    @DialectBody(SSO_BODY, firstErrorValidationPipe())
    request: SsoSignupRequest,
    @Headers() headers: Record<string, string | undefined>,
  ): Promise<SsoResult> {
    return this.sso.signup(request, headers[this.sso.currentAppHeader.toLowerCase()]);
  }

  @Patch('signup')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Confirm a signup with its confirm token',
    description:
      'Checks in order: token missing (400 E008003), current_app not in [apps] all (403 E004001), ' +
      'token already used (403 E005007), token unknown or expired (403 E005006). ' +
      'Of concurrent confirmations of one token exactly one succeeds.',
  })
  @ApiBody({ type: SsoConfirmRequest })
  @ApiOkResponse({
    type: SsoConfirmResponse,
    description: "Confirmed: the user's sign-up status is now final",
  })
  @ApiForbiddenResponse({
    type: SsoErrorResponse,
    examples: envelope(
      SsoStatusCode.AppInvalid,
      SsoStatusCode.ConfirmTokenUsed,
      SsoStatusCode.ConfirmTokenInvalid,
    ),
  })
  @SsoCommonResponses()
  confirm(
    @DialectBody(SSO_BODY, firstErrorValidationPipe())
    request: SsoConfirmRequest,
    @Headers() headers: Record<string, string | undefined>,
  ): Promise<SsoResult> {
    return this.sso.confirm(request, headers[this.sso.currentAppHeader.toLowerCase()]);
  }
}
