import { Controller, HttpCode, Post, UseFilters, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { SignupCreated } from '../accounts/signup.types';
import { DialectBody, firstErrorValidationPipe } from '../common/request-body';
import {
  ClientAppErrorResponse,
  ClientAppSignUpRequest,
  ClientAppSignUpResponse,
} from './client-app.dto';
import {
  ClientAppExceptionFilter,
  INVALID_USERNAME_DESCRIPTION,
} from './client-app-exception.filter';
import { ClientAppResponseInterceptor } from './client-app.interceptor';
import { ClientAppService } from './client-app.service';

const error = (code: string, description: string) => ({
  summary: code,
  value: { error: code, error_description: description },
});

/** The ClientApp dialect's `POST /sign-up` (client-app.md). */
@ApiTags('ClientApp')
@Controller()
@UseFilters(ClientAppExceptionFilter)
export class ClientAppController {
  constructor(private readonly clientApp: ClientAppService) {}

  @Post('sign-up')
  @HttpCode(200)
  @UseInterceptors(ClientAppResponseInterceptor)
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
  @ApiPayloadTooLargeResponse({
    type: ClientAppErrorResponse,
    examples: { too_large: error('invalid_request', 'Request body must be at most 65536 bytes') },
  })
  @ApiServiceUnavailableResponse({
    type: ClientAppErrorResponse,
    examples: {
      unavailable: error(
        'temporarily_unavailable',
        'The service is busy or its database is unreachable; retry later',
      ),
    },
  })
  signUp(
    @DialectBody(
      {
        allowForm: true,
        unsupportedMessage:
          'Content-Type must be application/json or application/x-www-form-urlencoded',
      },
      firstErrorValidationPipe(),
    )
    request: ClientAppSignUpRequest,
  ): Promise<SignupCreated> {
    return this.clientApp.signUp(request);
  }
}
