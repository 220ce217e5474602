import { spawnSync } from 'node:child_process';

const PYTHON = '/usr/bin/python3';

/** True when Debian's passlib (with its bcrypt backend) can be run. */
export function passlibAvailable(): boolean {
  const probe = spawnSync(PYTHON, ['-c', 'import passlib.hash, bcrypt'], { timeout: 10_000 });
  if (probe.status === 0) return true;
  if (process.env.REQUIRE_PASSLIB === '1') {
    throw new Error(
      'passlib is required (REQUIRE_PASSLIB=1): apt-get install python3-passlib python3-bcrypt',
    );
  }
  return false;
}

/**
 * Hashes made by passlib itself, the library Zato SSO stores `pbkdf2_sha512` with (and a
 * PHP-style `$2y$` bcrypt, which node's bcrypt cannot make).
 * @param scheme `pbkdf2_sha512` (rounds as given) or `bcrypt_2y` (cost as given)
 * @returns one hash per password, in order
 */
export function passlibHashes(
  scheme: 'pbkdf2_sha512' | 'bcrypt_2y',
  work: number,
  passwords: readonly string[],
): string[] {
  const program = `
import json, sys
from passlib.hash import pbkdf2_sha512, bcrypt
scheme, work = sys.argv[1], int(sys.argv[2])
hasher = pbkdf2_sha512.using(rounds=work) if scheme == 'pbkdf2_sha512' else bcrypt.using(ident='2y', rounds=work)
print(json.dumps([hasher.hash(p) for p in json.load(sys.stdin)]))
`;
  const result = spawnSync(PYTHON, ['-c', program, scheme, String(work)], {
    input: JSON.stringify(passwords),
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.status !== 0) throw new Error(`passlib failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as string[];
}
