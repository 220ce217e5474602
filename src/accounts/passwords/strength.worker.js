'use strict';
// The zxcvbn strength estimate, run in a child process (workerpool) so that neither its
// synchronous CPU (up to about 30 ms for l33t-heavy input) nor the garbage collection of its
// heap competes with the service's event loop (docs/accounts.md, "Passwords"). Plain
// JavaScript, so that the same file runs from src/ (tests) and dist/.
const { readdirSync } = require('node:fs');
const { setPriority } = require('node:os');
const workerpool = require('workerpool');
const { ZxcvbnFactory } = require('@zxcvbn-ts/core');
const { adjacencyGraphs, dictionary } = require('@zxcvbn-ts/language-common');

// Lowest CPU priority for every thread of this process (on Linux the nice value is per thread,
// and V8 has already started its garbage-collection threads): on a busy machine the estimate
// waits, not /healthz, sign-ins or hashing. Where this is not permitted it keeps the default.
try {
  for (const thread of readdirSync('/proc/self/task')) setPriority(Number(thread), 19);
} catch {
  try {
    setPriority(19);
  } catch {
    // Not permitted here.
  }
}

const zxcvbn = new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });

workerpool.worker({
  /** @param {string} password at most 20 code points @returns {number} score 0 to 4 */
  score: (password) => zxcvbn.check(password).score,
  /** @returns {number} this process's id, for tests and operators */
  pid: () => process.pid,
});
