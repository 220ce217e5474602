import { Controller, HttpCode, Post, UseFilters, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { SignupCreated } from '../accounts/signup.types';
import { DialectBody, firstErrorValidationPipe } from '../common/request-body';
import {
  MillinerErrorResponse,
  MillinerSignupRequest,
  MillinerSignupResponse,
} from './milliner.dto';
import { MillinerExceptionFilter, MILLINER_MESSAGES } from './milliner-exception.filter';
import { MillinerResponseInterceptor } from './milliner.interceptor';
import { MillinerService } from './milliner.service';

const example = (message: string, cause: string) => ({
  summary: message,
  value: { message, cause },
});

/** HAT Milliner's `POST /api/signup` (milliner.md). */
@ApiTags('Milliner')
@Controller('api')
@UseFilters(MillinerExceptionFilter)
@UseInterceptors(MillinerResponseInterceptor)
export class MillinerController {
  constructor(private readonly milliner: MillinerService) {}

  @Post('signup')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign a user up (HAT provisioning step 1)' })
  @ApiBody({ type: MillinerSignupRequest })
  @ApiOkResponse({ type: MillinerSignupResponse, description: 'Signup saved' })
  @ApiBadRequestResponse({
    type: MillinerErrorResponse,
    description: 'The first failing check of milliner.md, in order',
    examples: {
      'Invalid request': example('Invalid request', 'username is required'),
      'Invalid username': example(
        MILLINER_MESSAGES.invalidUsername.message,
        MILLINER_MESSAGES.invalidUsername.cause,
      ),
      'Invalid email': example(
        MILLINER_MESSAGES.invalidEmail.message,
        MILLINER_MESSAGES.invalidEmail.cause,
      ),
      'Passwords do not match': example(
        MILLINER_MESSAGES.mismatch.message,
        MILLINER_MESSAGES.mismatch.cause,
      ),
      'Invalid password': example(
        'Invalid password',
        'Minimum password requirement strength not met',
      ),
      'Duplicate Signup': example(
        MILLINER_MESSAGES.duplicate.message,
        MILLINER_MESSAGES.duplicate.cause,
      ),
    },
  })
  @ApiPayloadTooLargeResponse({
    type: MillinerErrorResponse,
    description: 'Body over 64 KiB',
    example: { message: 'Payload too large', cause: 'Request body must be at most 65536 bytes' },
  })
  @ApiServiceUnavailableResponse({
    type: MillinerErrorResponse,
    description: 'Database unreachable or service overloaded; see Retry-After',
    example: {
      message: 'Service unavailable',
      cause: 'The service is busy or its database is unreachable; retry later',
    },
  })
  signup(
    @DialectBody(
      { unsupportedMessage: 'Content-Type must be application/json' },
      firstErrorValidationPipe(),
    )
    request: MillinerSignupRequest,
  ): Promise<SignupCreated> {
    return this.milliner.signup(request);
  }
}
