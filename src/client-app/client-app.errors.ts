import { Refusal } from '../common/refusal';

/** An unknown or revoked `client_id` (RFC 6749 5.2 `invalid_client`). */
export class InvalidClientException extends Refusal {
  constructor() {
    super('Unknown client ID');
    this.name = 'InvalidClientException';
  }
}

/** A sign-in whose `grant_type` is not `password` (RFC 6749 5.2 `unsupported_grant_type`). */
export class UnsupportedGrantTypeException extends Refusal {
  constructor() {
    super('The authorization grant type is not supported: use grant_type=password');
    this.name = 'UnsupportedGrantTypeException';
  }
}

/** How the caller passed its access token (docs/client-app.md, "Using a token"). */
export type TokenScheme = 'OAuth' | 'Bearer';

/**
 * A request to `GET /users/me` without a usable token (RFC 6750 3.1): `presented` is false
 * when no credentials came at all, so the challenge carries no `error` attribute.
 */
export class InvalidTokenException extends Refusal {
  constructor(
    readonly scheme: TokenScheme,
    readonly presented: boolean,
  ) {
    super(presented ? 'The access token is invalid or has expired' : 'An access token is required');
    this.name = 'InvalidTokenException';
  }

  /** The `WWW-Authenticate` challenge of this refusal. */
  get challenge(): string {
    const error = this.presented ? ', error="invalid_token"' : '';
    return `${this.scheme} realm="signup-gateway"${error}`;
  }
}
