import { randomInt } from 'node:crypto';

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * `length` lower-case base36 characters, each drawn uniformly from the CSPRNG (30 characters
 * carry about 155 bits): access tokens, client ids, webhook message ids.
 */
export function randomBase36(length: number): string {
  let token = '';
  for (let i = 0; i < length; i += 1) token += BASE36[randomInt(36)];
  return token;
}
