/**
 * Checks on a request body's text made before anything walks it (docs/accounts.md, "Hostile
 * input"): strict UTF-8, a nesting limit scanned without recursion, lone surrogates, and
 * the position of a JSON syntax error without quoting the body.
 */

/** Deepest JSON nesting (objects and arrays) a body may have. */
export const MAX_JSON_DEPTH = 32;

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * The body's bytes as text, refusing what is not UTF-8 (instead of repairing it to U+FFFD,
 * which would let two different passwords verify against each other).
 * @returns the text, or null when the bytes are not valid UTF-8
 */
export function decodeUtf8(bytes: Buffer): string | null {
  try {
    return UTF8.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Whether JSON text nests objects and arrays deeper than `max`: one pass over the text with a
 * counter, no recursion, so it is safe on any input and runs before any parser or validator
 * walks the body (class-transformer's recursion overflows the stack near 4,000 levels).
 */
export function jsonNestingExceeds(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth -= 1;
    }
  }
  return false;
}

/**
 * True when a parsed JSON value holds a string (or key) with a lone UTF-16 surrogate, which a
 * `\ud800` escape can produce: such a string is not text, and encoding it would repair it to
 * U+FFFD. Recursive, so call it only on a value within {@link MAX_JSON_DEPTH}.
 */
export function hasLoneSurrogate(value: unknown): boolean {
  if (typeof value === 'string') return !value.isWellFormed();
  if (Array.isArray(value)) return value.some(hasLoneSurrogate);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).some(
      ([key, entry]) => !key.isWellFormed() || hasLoneSurrogate(entry),
    );
  }
  return false;
}

class JsonSyntaxError extends Error {
  constructor(readonly position: number) {
    super(`JSON syntax error at ${position}`);
  }
}

/**
 * The offset (in UTF-16 code units) of the first JSON syntax error in `text`, found by a small
 * validator, so that an error message can say where without quoting the body (V8's own
 * message quotes the text around the error, password included). Call it only on text within
 * {@link MAX_JSON_DEPTH}; it recurses once per level.
 * @returns the offset, or `text.length` when the text ends too early
 */
export function jsonErrorPosition(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i += 1;
  };
  const fail = (): never => {
    throw new JsonSyntaxError(i);
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const string = () => {
    i += 1; // opening quote
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        i += 1;
        return;
      }
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            i += 2;
            fail();
          }
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          i += 2;
        } else {
          i += 1;
          fail();
        }
      } else if (c < ' ') {
        fail();
      } else {
        i += 1;
      }
    }
    fail();
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) fail();
    i += (match as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i += 1;
      ws();
      if (text[i] === '}') {
        i += 1;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i += 1;
        value();
        ws();
        if (text[i] === ',') i += 1;
        else if (text[i] === '}') {
          i += 1;
          return;
        } else fail();
      }
    } else if (c === '[') {
      i += 1;
      ws();
      if (text[i] === ']') {
        i += 1;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i += 1;
        else if (text[i] === ']') {
          i += 1;
          return;
        } else fail();
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
    else fail();
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    return Math.min(error.position, text.length);
  }
  return text.length;
}
