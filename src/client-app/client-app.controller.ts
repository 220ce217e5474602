import { Controller, Get, HttpCode, Post, UseFilters, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiQuery,
  ApiSecurity,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { DialectBody, firstErrorValidationPipe } from '../common/request-body';
import { AccessTokenCredentials, PresentedToken } from './access-token.decorator';
import {
  ClientAppErrorResponse,
  ClientAppMeResponse,
  ClientAppSignInRequest,
  ClientAppSignInResponse,
  ClientAppSignUpRequest,
  ClientAppSignUpResponse,
} from './client-app.dto';
import {
  ClientAppExceptionFilter,
  INVALID_USERNAME_DESCRIPTION,
} from './client-app-exception.filter';
import { ClientAppResponseInterceptor } from './client-app.interceptor';
import { ClientAppResult, ClientAppService } from './client-app.service';

const error = (code: string, description: string) => ({
  summary: code,
  value: { error: code, error_description: description },
});

const BODY_FORMAT = {
  allowForm: true,
  unsupportedMessage: 'Content-Type must be application/json or application/x-www-form-urlencoded',
};
const UNAVAILABLE = {
  type: ClientAppErrorResponse,
  description: 'Database unreachable or service overloaded; see Retry-After',
  examples: {
    unavailable: error(
      'temporarily_unavailable',
      'The service is busy or its database is unreachable; retry later',
    ),
  },
};
const TOO_LARGE = {
  type: ClientAppErrorResponse,
  description: 'Body over 64 KiB',
  examples: { too_large: error('invalid_request', 'Request body must be at most 65536 bytes') },
};

/** The ClientApp dialect (client-app.md): sign-up, password sign-in and the token's user. */
@ApiTags('ClientApp')
@Controller()
@UseFilters(ClientAppExceptionFilter)
@UseInterceptors(ClientAppResponseInterceptor)
export class ClientAppController {
  constructor(private readonly clientApp: ClientAppService) {}

  @Post('sign-up')
  @HttpCode(200)
  @ApiOperation({ summary: 'Create a user through a client app and get an access token' })
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiBody({ type: ClientAppSignUpRequest })
  @ApiOkResponse({
    type: ClientAppSignUpResponse,
    description: 'User created; Cache-Control: no-store',
  })
  @ApiBadRequestResponse({
    type: ClientAppErrorResponse,
    examples: {
      malformed: error(
        'invalid_request',
        'Request body is not valid JSON: Unexpected end of JSON input',
      ),
      missing: error('invalid_request', 'username is required'),
    },
  })
  @ApiUnauthorizedResponse({
    type: ClientAppErrorResponse,
    examples: { invalid_client: error('invalid_client', 'Unknown client ID') },
  })
  @ApiUnprocessableEntityResponse({
    type: ClientAppErrorResponse,
    examples: {
      invalid_username: error('invalid_username', INVALID_USERNAME_DESCRIPTION),
      invalid_password: error('invalid_password', 'Password is too common'),
      username_taken: error('username_taken', 'Username has already been taken'),
    },
  })
  @ApiPayloadTooLargeResponse(TOO_LARGE)
  @ApiServiceUnavailableResponse(UNAVAILABLE)
  signUp(
    @DialectBody(BODY_FORMAT, firstErrorValidationPipe()) request: ClientAppSignUpRequest,
  ): Promise<ClientAppResult> {
    return this.clientApp.signUp(request);
  }

  @Post('oauth/authorize')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in with the password grant and get an access token',
    description:
      'Checks in order: body, fields, grant type, client, credentials. A wrong username or password, ' +
      'or a user who may not sign in (unconfirmed or not approved), gets invalid_grant with the same timing.',
  })
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiBody({ type: ClientAppSignInRequest })
  @ApiOkResponse({
    type: ClientAppSignInResponse,
    description: 'Signed in; Cache-Control: no-store',
  })
  @ApiBadRequestResponse({
    type: ClientAppErrorResponse,
    examples: {
      invalid_request: error('invalid_request', 'grant_type is required'),
      unsupported_grant_type: error(
        'unsupported_grant_type',
        'The authorization grant type is not supported: use grant_type=password',
      ),
      invalid_grant: error('invalid_grant', 'The access grant you supplied is invalid'),
    },
  })
  @ApiUnauthorizedResponse({
    type: ClientAppErrorResponse,
    examples: { invalid_client: error('invalid_client', 'Unknown client ID') },
  })
  @ApiPayloadTooLargeResponse(TOO_LARGE)
  @ApiServiceUnavailableResponse(UNAVAILABLE)
  signIn(
    @DialectBody(BODY_FORMAT, firstErrorValidationPipe()) request: ClientAppSignInRequest,
  ): Promise<ClientAppResult> {
    return this.clientApp.signIn(request);
  }

  @Get('users/me')
  @ApiOperation({
    summary: 'The user of an access token',
    description:
      'Token from `Authorization: OAuth <token>`, `Authorization: Bearer <token>` or the `oauth_token` query parameter.',
  })
  @ApiBearerAuth('access_token')
  @ApiSecurity('oauth_password')
  @ApiQuery({
    name: 'oauth_token',
    required: false,
    description: 'The access token (draft OAuth 2.0 transport)',
  })
  @ApiOkResponse({ type: ClientAppMeResponse, description: 'Cache-Control: no-store' })
  @ApiUnauthorizedResponse({
    type: ClientAppErrorResponse,
    description:
      'With `WWW-Authenticate: <scheme> realm="signup-gateway", error="invalid_token"` (no error attribute without credentials)',
    examples: {
      invalid_token: error('invalid_token', 'The access token is invalid or has expired'),
      missing: error('invalid_token', 'An access token is required'),
    },
  })
  @ApiServiceUnavailableResponse(UNAVAILABLE)
  me(@AccessTokenCredentials() presented: PresentedToken): Promise<ClientAppResult> {
    return this.clientApp.me(presented);
  }
}
