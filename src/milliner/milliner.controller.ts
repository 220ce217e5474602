import { All, Controller, HttpCode, Post, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBody, ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SignupIpLimit } from '../accounts/attempt-limit.guard';
import { SignupCreated } from '../accounts/signup.types';
import { ApiErrorResponses } from '../common/dialect-exception.filter';
import { MapResponse } from '../common/map-response';
import { ClientGone, MethodNotAllowedException } from '../common/http-method';
import { DialectBody, firstErrorValidationPipe } from '../common/request-body';
import {
  MillinerErrorResponse,
  MillinerSignupRequest,
  MillinerSignupResponse,
} from './milliner.dto';
import { MillinerExceptionFilter } from './milliner-exception.filter';
import { toMillinerSignupResponse } from './milliner.mapper';
import {
  MILLINER_ERROR_DESCRIPTIONS,
  MILLINER_ERROR_EXAMPLES,
  MILLINER_MESSAGES,
} from './milliner.messages';
import { MillinerService } from './milliner.service';

/** HAT Milliner's `POST /api/signup` (docs/milliner.md). */
@ApiTags('Milliner')
@Controller('api')
@UseFilters(MillinerExceptionFilter)
export class MillinerController {
  constructor(private readonly milliner: MillinerService) {}

  @Post('signup')
  @UseGuards(SignupIpLimit)
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign a user up (HAT provisioning step 1)' })
  @ApiBody({ type: MillinerSignupRequest })
  @MapResponse(toMillinerSignupResponse, {
    type: MillinerSignupResponse,
    description: 'Signup saved',
  })
  @ApiErrorResponses(MillinerErrorResponse, MILLINER_ERROR_DESCRIPTIONS, MILLINER_ERROR_EXAMPLES)
  signup(
    @DialectBody(
      { unsupportedMessage: MILLINER_MESSAGES.unsupportedMediaType },
      firstErrorValidationPipe(),
    )
    request: MillinerSignupRequest,
    @ClientGone() gone: AbortSignal,
  ): Promise<SignupCreated> {
    return this.milliner.signup(request, { signal: gone });
  }

  /** Every other method: 405 with `Allow: POST`, in this dialect's shape. */
  @All('signup')
  @ApiExcludeEndpoint()
  otherMethods(): never {
    throw new MethodNotAllowedException(['POST']);
  }
}
