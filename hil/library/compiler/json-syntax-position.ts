// Where a JSON text stops being JSON, as a line and column a person finds in an editor (REQ-LC-030).
// JSON.parse stays the judge of whether a text is JSON; this scanner runs only after it refused
// one, to say where and what was expected. V8's own message is not used for that: it gives a
// character offset, or for an unexpected letter not even that, and its wording changes between
// Node versions. The scanner follows the grammar of RFC 8259 and nothing else.

export interface SyntaxPosition {
  /** 1-based line; lines end at LF, CRLF or CR. */
  line: number;
  /** 1-based column in characters (code points) of that line. */
  column: number;
  /** What the text should have had there, e.g. "',' or '}' after a property value". */
  expected: string;
}

class Stop {
  constructor(
    readonly offset: number,
    readonly expected: string,
  ) {}
}

const HEX = /^[0-9a-fA-F]{4}$/;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

function scan(text: string): void {
  let i = 0;
  const space = (): void => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  const fail = (expected: string): never => {
    throw new Stop(i, expected);
  };
  const string = (): void => {
    i++; // the opening quote
    for (;;) {
      if (i >= text.length) fail("a closing '\"' before the end of the file");
      const c = text[i];
      if (c === '"') {
        i++;
        return;
      }
      if (c < " ") fail("no line break or control character inside a string (write \\n or \\uXXXX)");
      if (c === "\\") {
        i++;
        const e = text[i];
        if (e === "u") {
          if (!HEX.test(text.slice(i + 1, i + 5))) fail("four hex digits after \\u");
          i += 5;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          i++;
        } else {
          fail('an escape: \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX');
        }
      } else {
        i++;
      }
    }
  };
  const literal = (word: string): void => {
    for (const c of word) {
      if (text[i] !== c) fail(`"${word}"`);
      i++;
    }
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === "{") return object();
    if (c === "[") return array();
    if (c === '"') return string();
    if (c === "t") return literal("true");
    if (c === "f") return literal("false");
    if (c === "n") return literal("null");
    NUMBER.lastIndex = i;
    const match = NUMBER.exec(text);
    if (match === null)
      fail(
        i >= text.length
          ? "a value before the end of the file"
          : "a value (a string in double quotes, a number, true, false, null, an object or an array)",
      );
    i += match![0].length;
  };
  const object = (): void => {
    i++;
    space();
    if (text[i] === "}") {
      i++;
      return;
    }
    for (;;) {
      space();
      if (text[i] !== '"') fail("a property name in double quotes");
      string();
      space();
      if (text[i] !== ":") fail("':' after the property name");
      i++;
      value();
      space();
      if (text[i] === ",") {
        i++;
        space();
        if (text[i] === "}") fail("another property after ',' (JSON allows no trailing comma)");
        continue;
      }
      if (text[i] === "}") {
        i++;
        return;
      }
      fail("',' or '}' after a property value");
    }
  };
  const array = (): void => {
    i++;
    space();
    if (text[i] === "]") {
      i++;
      return;
    }
    for (;;) {
      value();
      space();
      if (text[i] === ",") {
        i++;
        space();
        if (text[i] === "]") fail("another value after ',' (JSON allows no trailing comma)");
        continue;
      }
      if (text[i] === "]") {
        i++;
        return;
      }
      fail("',' or ']' after an array value");
    }
  };
  value();
  space();
  if (i < text.length) fail("nothing after the end of the JSON value");
}

/** Line and column of the character at `offset` (the end of the text when offset = length). */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (c === "\n" || (c === "\r" && text[i + 1] !== "\n")) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: [...text.slice(lineStart, offset)].length + 1 };
}

/** Where `text` (which JSON.parse refused) breaks the grammar; undefined if the scanner finds nothing (it then cannot say where). */
export function syntaxPosition(text: string): SyntaxPosition | undefined {
  try {
    scan(text);
    return undefined;
  } catch (error) {
    if (!(error instanceof Stop)) return undefined; // e.g. nesting too deep for the stack
    return { ...lineAndColumn(text, error.offset), expected: error.expected };
  }
}
