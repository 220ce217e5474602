import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow } from 'class-validator';
import { IsPlainText, RequiredString } from '../common/validators';

/** Body of `POST /sign-up` (docs/client-app.md), as JSON or form; fields in the spec's order. */
export class ClientAppSignupRequest {
  @ApiProperty({
    example: 'username',
    description: '1 to 64 characters, no whitespace or invisible characters',
  })
  @RequiredString()
  username: string;

  @ApiProperty({
    example: 'correct-horse-battery',
    description:
      '8 to 256 characters, not a common password (the seed\'s "password" is refused on purpose)',
  })
  @RequiredString()
  password: string;

  @ApiProperty({ example: 'zpjfcgu8nqgrpwlsau30ycpl2mc9ox', description: 'Client app id' })
  @RequiredString()
  @IsPlainText()
  client_id: string;
}

/**
 * Body of `POST /oauth/authorize` (password grant, RFC 6749 4.3), as JSON or form. Only
 * `grant_type` is checked here: the rest is checked in the order of docs/client-app.md,
 * "Sign in" (grant type, then the client, then the credentials), since the client may come in
 * HTTP Basic instead of the body.
 */
export class ClientAppSignInRequest {
  @ApiProperty({ example: 'password', enum: ['password'] })
  @RequiredString()
  @IsPlainText()
  grant_type: string;

  @ApiProperty({ example: 'username', type: String })
  @Allow()
  username?: unknown;

  @ApiProperty({ example: 'correct-horse-battery', type: String })
  @Allow()
  password?: unknown;

  @ApiPropertyOptional({
    example: 'zpjfcgu8nqgrpwlsau30ycpl2mc9ox',
    type: String,
    description:
      'The client app, unless it comes as HTTP Basic (client id, empty secret); not both',
  })
  @Allow()
  client_id?: unknown;

  @ApiPropertyOptional({ type: String, description: 'Ignored: client apps are public clients' })
  @Allow()
  client_secret?: unknown;
}

/**
 * Body of `POST /oauth/revoke` (RFC 7009 2.1), as form or JSON. The client comes as at
 * sign-in: `client_id` in the body or HTTP Basic, not both; checked in the service.
 */
export class ClientAppRevokeRequest {
  @ApiProperty({
    example: 'ocmclwo05ufm43xdycfc6urgu7vw96q',
    type: String,
    description: 'The access token to revoke',
  })
  @Allow()
  token?: unknown;

  @ApiPropertyOptional({
    example: 'access_token',
    type: String,
    description: 'Ignored: access tokens are the only kind (RFC 7009 2.1 lets a server ignore it)',
  })
  @Allow()
  token_type_hint?: unknown;

  @ApiPropertyOptional({
    example: 'zpjfcgu8nqgrpwlsau30ycpl2mc9ox',
    type: String,
    description: 'The client app the token was issued to, unless it comes as HTTP Basic',
  })
  @Allow()
  client_id?: unknown;

  @ApiPropertyOptional({ type: String, description: 'Ignored: client apps are public clients' })
  @Allow()
  client_secret?: unknown;
}

/** 200 body of a sign-in: the RFC 6749 5.1 token response. */
export class ClientAppSignInResponse {
  @ApiProperty({
    example: 'ocmclwo05ufm43xdycfc6urgu7vw96q',
    description: '30 lower-case base36 characters',
  })
  access_token: string;

  @ApiProperty({ example: 'Bearer', enum: ['Bearer'] })
  token_type: 'Bearer';

  @ApiPropertyOptional({
    example: 2592000,
    description: 'Seconds the token lives (ACCESS_TOKEN_TTL); absent when it never expires',
  })
  expires_in?: number;
}

/** The user object of the ClientApp dialect: the seed's shape without its secrets. */
export class ClientAppUser {
  @ApiProperty({ example: 483 }) id: number;
  @ApiProperty({ example: null, nullable: true, type: String }) first_name: string | null;
  @ApiProperty({ example: null, nullable: true, type: String }) last_name: string | null;
  @ApiProperty({ example: null, nullable: true, type: String }) name: string | null;
  @ApiProperty({ example: 'username' }) username: string;
  @ApiProperty({ example: null, nullable: true, type: String }) email: string | null;
  @ApiProperty({ example: null, nullable: true, type: String }) picture: null;
  @ApiProperty({ example: null, nullable: true, type: String }) facebook_uid: null;
  @ApiProperty({ example: null, nullable: true, type: String }) facebook_first_name: null;
  @ApiProperty({ example: null, nullable: true, type: String }) facebook_last_name: null;
  @ApiProperty({ example: null, nullable: true, type: String }) facebook_username: null;
  @ApiProperty({ example: null, nullable: true, type: String }) facebook_picture: null;
  @ApiProperty({ example: null, nullable: true, type: String }) facebook_gender: null;
  @ApiProperty({ example: null, nullable: true, type: String }) facebook_birthday: null;
  @ApiProperty({ example: null, nullable: true, type: String }) twitter_uid: null;
  @ApiProperty({ example: null, nullable: true, type: String }) twitter_name: null;
  @ApiProperty({ example: null, nullable: true, type: String }) twitter_username: null;
  @ApiProperty({ example: null, nullable: true, type: String }) twitter_picture: null;
  @ApiProperty({ example: null, nullable: true, type: String }) foursquare_uid: null;
  @ApiProperty({ example: null, nullable: true, type: String }) foursquare_first_name: null;
  @ApiProperty({ example: null, nullable: true, type: String }) foursquare_last_name: null;
  @ApiProperty({ example: null, nullable: true, type: String }) foursquare_picture: null;
  @ApiProperty({ example: null, nullable: true, type: String }) password_reset_sent_at: null;
  @ApiProperty({ example: '2014-03-11T14:28:08.951Z' }) created_at: string;
  @ApiProperty({ example: '2014-03-11T14:28:08.951Z' }) updated_at: string;
  @ApiProperty({ example: null, nullable: true, type: String }) role: null;
  @ApiProperty({ example: 'zpjfcgu8nqgrpwlsau30ycpl2mc9ox', nullable: true, type: String })
  client_id: string | null;
}

/** 200 body of `POST /sign-up`. */
export class ClientAppSignupResponse {
  @ApiProperty({ type: ClientAppUser }) user: ClientAppUser;
  @ApiProperty({
    example: 'ocmclwo05ufm43xdycfc6urgu7vw96q',
    description: '30 lower-case base36 characters',
  })
  access_token: string;
}

/** 200 body of `GET /users/me`. */
export class ClientAppMeResponse {
  @ApiProperty({ type: ClientAppUser }) user: ClientAppUser;
}

/** Error body of the ClientApp dialect (OAuth 2.0 error shape, RFC 6749 5.2). */
export class ClientAppErrorResponse {
  @ApiProperty({ example: 'invalid_username' }) error: string;
  @ApiProperty({
    example: 'Username must be 1 to 64 characters without spaces or invisible characters',
  })
  error_description: string;
}
