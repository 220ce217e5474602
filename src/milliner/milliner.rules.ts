/** The HAT username rule: a DNS label of the HAT's address (docs/milliner.md, "Request"). */
export const MILLINER_USERNAME_PATTERN = /^[a-z][a-z0-9]{3,21}$/;
