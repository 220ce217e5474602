'use strict';
// The zxcvbn strength estimate, run in a worker thread (piscina) so that its synchronous CPU
// (up to about 20 ms for l33t-heavy input) never blocks the event loop (docs/accounts.md,
// "Passwords"). Plain JavaScript, so that the same file runs from src/ (tests) and dist/.
const { ZxcvbnFactory } = require('@zxcvbn-ts/core');
const { adjacencyGraphs, dictionary } = require('@zxcvbn-ts/language-common');

const zxcvbn = new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });

/** @param {string} password at most 20 code points @returns {number} score 0 to 4 */
module.exports = (password) => zxcvbn.check(password).score;
