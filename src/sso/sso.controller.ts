import {
  All,
  applyDecorators,
  Controller,
  Header,
  Headers,
  HttpCode,
  Patch,
  Post,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiBody, ApiExcludeEndpoint, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SignupIpLimit } from '../accounts/attempt-limit.guard';
import { SignupOutcome } from '../accounts/signup.types';
import { UserView } from '../accounts/user.entity';
import { ApiErrorResponses } from '../common/dialect-exception.filter';
import { MapResponse } from '../common/map-response';
import { ClientGone, MethodNotAllowedException } from '../common/http-method';
import { DialectBody, firstErrorValidationPipe } from '../common/request-body';
import {
  SsoConfirmRequest,
  SsoConfirmResponse,
  SsoErrorResponse,
  SsoSignupRequest,
  SsoSignupResponse,
} from './sso.dto';
import { SSO_STATUS_MEANINGS } from './sso.errors';
import { SsoExceptionFilter } from './sso-exception.filter';
import { toSsoConfirmResponse, toSsoSignupResponse } from './sso.mapper';
import {
  SSO_CONFIRM_ERROR_EXAMPLES,
  SSO_ERROR_DESCRIPTIONS,
  SSO_SIGNUP_ERROR_EXAMPLES,
} from './sso.messages';
import { SsoService } from './sso.service';

const codeList = Object.entries(SSO_STATUS_MEANINGS)
  .map(([code, meaning]) => `- \`${code}\`: ${meaning}`)
  .join('\n');

/** Zato parses the body as JSON whatever its Content-Type says (docs/sso.md, "Envelope"). */
const SSO_BODY = { alwaysJson: true, unsupportedMessage: '' };

/** What both SSO routes share: the current-app header and `Cache-Control: no-store`. */
const SsoRoute = () =>
  applyDecorators(
    HttpCode(200),
    Header('Cache-Control', 'no-store'),
    ApiHeader({
      name: 'X-Zato-SSO-Current-App',
      required: false,
      description: 'current_app when the body has none ([apps] http_header)',
    }),
  );

/** Zato SSO's `User.signup` (docs/sso.md). */
@ApiTags('SSO')
@Controller('zato/sso/user')
@UseFilters(SsoExceptionFilter)
export class SsoController {
  constructor(private readonly sso: SsoService) {}

  @Post('signup')
  @UseGuards(SignupIpLimit)
  @SsoRoute()
  @ApiOperation({
    summary: 'Sign a user up (Zato SSO User.signup)',
    description: `The body is parsed as JSON whatever its Content-Type. Status codes (\`sub_status\`):\n\n${codeList}`,
  })
  @ApiBody({ type: SsoSignupRequest })
  @MapResponse(toSsoSignupResponse, {
    type: SsoSignupResponse,
    description: 'Signed up (or a hidden duplicate, which looks the same)',
  })
  @ApiErrorResponses(SsoErrorResponse, SSO_ERROR_DESCRIPTIONS, SSO_SIGNUP_ERROR_EXAMPLES)
  signup(
    @DialectBody(SSO_BODY, firstErrorValidationPipe())
    request: SsoSignupRequest,
    @Headers() headers: Record<string, string | undefined>,
    @ClientGone() gone: AbortSignal,
  ): Promise<SignupOutcome> {
    return this.sso.signup(request, headers[this.sso.currentAppHeader.toLowerCase()], {
      signal: gone,
    });
  }

  @Patch('signup')
  @SsoRoute()
  @ApiOperation({
    summary: 'Confirm a signup with its confirm token',
    description:
      'Checks in order: token missing (400 E008003), current_app not in [apps] all (403 E004001), ' +
      'token already used (403 E005007), token unknown or expired (403 E005006). ' +
      'Of concurrent confirmations of one token exactly one succeeds.',
  })
  @ApiBody({ type: SsoConfirmRequest })
  @MapResponse(toSsoConfirmResponse, {
    type: SsoConfirmResponse,
    description: "Confirmed: the user's sign-up status is now final",
  })
  @ApiErrorResponses(SsoErrorResponse, SSO_ERROR_DESCRIPTIONS, SSO_CONFIRM_ERROR_EXAMPLES)
  confirm(
    @DialectBody(SSO_BODY, firstErrorValidationPipe())
    request: SsoConfirmRequest,
    @Headers() headers: Record<string, string | undefined>,
  ): Promise<UserView> {
    return this.sso.confirm(request, headers[this.sso.currentAppHeader.toLowerCase()]);
  }

  /** Every other method: 405 with `Allow: POST, PATCH`, in this dialect's envelope. */
  @All('signup')
  @ApiExcludeEndpoint()
  otherMethods(): never {
    throw new MethodNotAllowedException(['POST', 'PATCH']);
  }
}
