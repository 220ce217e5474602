/** A ClientApp refusal that is not an Accounts rule: an unknown or revoked `client_id`. */
export class UnknownClientException extends Error {
  constructor() {
    super('Unknown client ID');
    this.name = 'UnknownClientException';
  }
}
