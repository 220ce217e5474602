import {
  All,
  applyDecorators,
  Controller,
  Get,
  Header,
  HttpCode,
  Post,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiExcludeEndpoint,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { SigninIpLimit, SignupIpLimit } from '../accounts/attempt-limit.guard';
import { SignupCreated } from '../accounts/signup.types';
import { UserView } from '../accounts/user.entity';
import { ApiErrorResponses } from '../common/dialect-exception.filter';
import { MapResponse } from '../common/map-response';
import { ClientGone, MethodNotAllowedException } from '../common/http-method';
import { DialectBody, firstErrorValidationPipe } from '../common/request-body';
import {
  AccessTokenCredentials,
  BasicClient,
  BasicClientCredentials,
  PresentedToken,
} from './access-token.decorator';
import {
  ClientAppErrorResponse,
  ClientAppMeResponse,
  ClientAppRevokeRequest,
  ClientAppSignInRequest,
  ClientAppSignInResponse,
  ClientAppSignupRequest,
  ClientAppSignupResponse,
} from './client-app.dto';
import { ClientAppExceptionFilter } from './client-app-exception.filter';
import {
  toClientAppMeResponse,
  toClientAppSignInResponse,
  toClientAppSignupResponse,
} from './client-app.mapper';
import {
  CLIENT_APP_ERROR_DESCRIPTIONS,
  CLIENT_APP_ME_ERROR_EXAMPLES,
  CLIENT_APP_MESSAGES,
  CLIENT_APP_REVOKE_ERROR_EXAMPLES,
  CLIENT_APP_SIGNUP_ERROR_EXAMPLES,
  CLIENT_APP_TOKEN_ERROR_EXAMPLES,
} from './client-app.messages';
import { ClientAppService, TokenGrant } from './client-app.service';

const BODY_FORMAT = {
  allowForm: true,
  unsupportedMessage: CLIENT_APP_MESSAGES.unsupportedMediaType,
};

/** The headers of every answer of this dialect (docs/client-app.md). */
const HEADERS = {
  'X-Request-Id': {
    description: "The caller's own X-Request-Id when it is a sane token, else a new UUID",
    schema: { type: 'string' as const },
  },
  'X-Runtime': {
    description: 'Seconds spent, to the millisecond',
    schema: { type: 'string' as const },
  },
};

/** Every answer of these routes carries a token or a user (RFC 6749 5.1; docs/accounts.md). */
const NoStore = () => applyDecorators(Header('Cache-Control', 'no-store'));

/** The ClientApp dialect (docs/client-app.md): sign-up, password grant, revocation and the token's user. */
@ApiTags('ClientApp')
@Controller()
@UseFilters(ClientAppExceptionFilter)
export class ClientAppController {
  constructor(private readonly clientApp: ClientAppService) {}

  @Post('sign-up')
  @UseGuards(SignupIpLimit)
  @HttpCode(200)
  @NoStore()
  @ApiOperation({ summary: 'Create a user through a client app and get an access token' })
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiBody({ type: ClientAppSignupRequest })
  @MapResponse(toClientAppSignupResponse, {
    type: ClientAppSignupResponse,
    description: 'User created; Cache-Control: no-store',
    headers: HEADERS,
  })
  @ApiErrorResponses(
    ClientAppErrorResponse,
    CLIENT_APP_ERROR_DESCRIPTIONS,
    CLIENT_APP_SIGNUP_ERROR_EXAMPLES,
  )
  signup(
    @DialectBody(BODY_FORMAT, firstErrorValidationPipe()) request: ClientAppSignupRequest,
    @ClientGone() gone: AbortSignal,
  ): Promise<SignupCreated> {
    return this.clientApp.signup(request, { signal: gone });
  }

  @Post('oauth/authorize')
  @UseGuards(SigninIpLimit)
  @HttpCode(200)
  @NoStore()
  @Header('Pragma', 'no-cache')
  @ApiOperation({
    summary: 'Sign in with the password grant and get an access token',
    description:
      'The RFC 6749 password grant. The client comes as client_id in the body or as HTTP Basic ' +
      '(client id, empty secret), not both. Checks in order: body, grant_type, client given once, ' +
      'username and password, client known and active, credentials. A wrong username or password, ' +
      'or a user who may not sign in (unconfirmed or not approved), gets invalid_grant with the same timing. ' +
      'Answers Cache-Control: no-store and Pragma: no-cache.',
  })
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiBody({ type: ClientAppSignInRequest })
  @MapResponse(toClientAppSignInResponse, {
    type: ClientAppSignInResponse,
    description: 'Signed in; Cache-Control: no-store and Pragma: no-cache',
    headers: HEADERS,
  })
  @ApiErrorResponses(
    ClientAppErrorResponse,
    CLIENT_APP_ERROR_DESCRIPTIONS,
    CLIENT_APP_TOKEN_ERROR_EXAMPLES,
  )
  token(
    @DialectBody(BODY_FORMAT, firstErrorValidationPipe()) request: ClientAppSignInRequest,
    @BasicClientCredentials() basic: BasicClient | null | 'malformed',
    @ClientGone() gone: AbortSignal,
  ): Promise<TokenGrant> {
    return this.clientApp.passwordGrant(request, basic, { signal: gone });
  }

  @Post('oauth/revoke')
  @HttpCode(200)
  @NoStore()
  @ApiOperation({
    summary: 'Revoke an access token (RFC 7009)',
    description:
      'The token and the client as at sign-in (client_id in the body or HTTP Basic with an empty secret, not both). ' +
      'Answers 200 with an empty JSON object whether or not the token existed; a token issued to another client is left as it is. ' +
      'A revoked token stops working at once. token_type_hint is accepted and ignored.',
  })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({ type: ClientAppRevokeRequest })
  @ApiOkResponse({
    description:
      'Done, or nothing to do: `{}` (JSON, which client libraries such as simple-oauth2 insist on)',
    headers: HEADERS,
    schema: { type: 'object', example: {} },
  })
  @ApiErrorResponses(
    ClientAppErrorResponse,
    CLIENT_APP_ERROR_DESCRIPTIONS,
    CLIENT_APP_REVOKE_ERROR_EXAMPLES,
  )
  async revoke(
    @DialectBody(BODY_FORMAT, firstErrorValidationPipe()) request: ClientAppRevokeRequest,
    @BasicClientCredentials() basic: BasicClient | null | 'malformed',
  ): Promise<Record<string, never>> {
    await this.clientApp.revoke(request, basic);
    return {};
  }

  @Get('users/me')
  @NoStore()
  @ApiOperation({
    summary: 'The user of an access token',
    description:
      'Token from `Authorization: OAuth <token>`, `Authorization: Bearer <token>` or the `oauth_token` query parameter. ' +
      'A 401 carries `WWW-Authenticate: <scheme> realm="signup-gateway", error="invalid_token"` ' +
      '(no error attribute without credentials).',
  })
  @ApiBearerAuth('access_token')
  @ApiSecurity('oauth_password')
  @ApiQuery({
    name: 'oauth_token',
    required: false,
    description: 'The access token (draft OAuth 2.0 transport)',
  })
  @MapResponse(toClientAppMeResponse, {
    type: ClientAppMeResponse,
    description: 'The user of the token; Cache-Control: no-store',
    headers: HEADERS,
  })
  @ApiErrorResponses(
    ClientAppErrorResponse,
    CLIENT_APP_ERROR_DESCRIPTIONS,
    CLIENT_APP_ME_ERROR_EXAMPLES,
  )
  me(@AccessTokenCredentials() presented: PresentedToken): Promise<UserView> {
    return this.clientApp.me(presented);
  }

  /** Other methods on the POST routes: 405 with `Allow: POST` (CORS preflights are answered before). */
  @All(['sign-up', 'oauth/authorize', 'oauth/revoke'])
  @ApiExcludeEndpoint()
  notPost(): never {
    throw new MethodNotAllowedException(['POST']);
  }

  /** Other methods on `/users/me`: 405 with `Allow: GET`. */
  @All('users/me')
  @ApiExcludeEndpoint()
  notGet(): never {
    throw new MethodNotAllowedException(['GET']);
  }
}
