// JSON from files simdnet did not write: bounded depth and size, and no prototype keys,
// checked before any of it is used. Every failure is a ModelFileError with a reason.
import { ModelFileError, quote } from '../errors.js';

/** Nesting deeper than this is refused (configs are a few levels deep). */
export const MAX_JSON_DEPTH = 64;
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

export function parseUntrustedJson(text: string, source: string): unknown {
  checkDepth(text, source);
  try {
    return JSON.parse(text, (key, v) => {
      if (FORBIDDEN.has(key)) throw new Error(`forbidden key ${quote(key)}`);
      return v;
    });
  } catch (e) {
    throw new ModelFileError(`${source}: not valid JSON (${(e as Error).message.slice(0, 100)})`, 'config');
  }
}

// One pass over the text (strings skipped): the nesting depth, before JSON.parse or any
// recursive walk can meet 100k levels.
function checkDepth(text: string, source: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_JSON_DEPTH) {
        throw new ModelFileError(`${source}: JSON nested deeper than ${MAX_JSON_DEPTH} levels`, 'config');
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}
