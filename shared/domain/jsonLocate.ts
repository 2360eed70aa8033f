// A small strict JSON parser that remembers on which line every value sits, so a
// validation error on a path can point an editor at the right line. JSON.parse
// cannot do that, and its syntax-error positions differ between engines.

export type LocatedJson =
  | { ok: true; value: unknown; lineOf(path: readonly PropertyKey[]): number }
  | { ok: false; line: number; message: string };

const SEP = '\u0001';

class JsonSyntaxError extends Error {}

export function locateJson(text: string): LocatedJson {
  const lines = new Map<string, number>();
  let pos = 0;
  let line = 1;

  const fail = (message: string): never => {
    throw new JsonSyntaxError(message);
  };
  const skipSpace = () => {
    for (;;) {
      const ch = text[pos];
      if (ch === '\n') line++;
      else if (ch !== ' ' && ch !== '\t' && ch !== '\r') return;
      pos++;
    }
  };
  const expect = (ch: string) => {
    if (text[pos] !== ch) fail(`expected '${ch}' but found ${describe(text[pos])}`);
    pos++;
  };

  const parseString = (): string => {
    const start = pos;
    pos++;
    for (;;) {
      const ch = text[pos];
      if (ch === undefined || ch === '\n') fail('unterminated string');
      if (ch === '"') break;
      pos += ch === '\\' ? 2 : 1;
    }
    pos++;
    try {
      return JSON.parse(text.slice(start, pos)) as string;
    } catch {
      pos = start;
      return fail('invalid string escape or control character');
    }
  };

  const parseValue = (key: string): unknown => {
    skipSpace();
    lines.set(key, line);
    const ch = text[pos];
    if (ch === '{') {
      pos++;
      const object: Record<string, unknown> = {};
      skipSpace();
      if (text[pos] === '}') {
        pos++;
        return object;
      }
      for (;;) {
        skipSpace();
        if (text[pos] !== '"') fail(`expected a property name but found ${describe(text[pos])}`);
        const name = parseString();
        skipSpace();
        expect(':');
        object[name] = parseValue(key + SEP + name);
        skipSpace();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        expect('}');
        return object;
      }
    }
    if (ch === '[') {
      pos++;
      const array: unknown[] = [];
      skipSpace();
      if (text[pos] === ']') {
        pos++;
        return array;
      }
      for (;;) {
        array.push(parseValue(key + SEP + String(array.length)));
        skipSpace();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        expect(']');
        return array;
      }
    }
    if (ch === '"') return parseString();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(pos, pos + 64));
    if (!literal) return fail(`unexpected ${describe(ch)}`);
    pos += literal[0].length;
    return JSON.parse(literal[0]) as unknown;
  };

  try {
    const value = parseValue('');
    skipSpace();
    if (pos < text.length) fail(`unexpected ${describe(text[pos])} after the end of the document`);
    return {
      ok: true,
      value,
      lineOf(path) {
        for (let n = path.length; n >= 0; n--) {
          const found = lines.get(path.slice(0, n).reduce<string>((acc, k) => acc + SEP + String(k), ''));
          if (found !== undefined) return found;
        }
        return 1;
      },
    };
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    return { ok: false, line, message: `JSON syntax error: ${error.message}` };
  }
}

function describe(ch: string | undefined): string {
  return ch === undefined ? 'the end of the text' : JSON.stringify(ch);
}
