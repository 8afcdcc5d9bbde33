/**
 * A compact, lossless encoding of JSON values for runtime messaging (issue 11: big cases).
 *
 * Chrome's extension messaging serializes every message as JSON and carries it through the
 * browser process: a 2.7 MB reply (a 5,000-event case) took 285 ms to cross, 600 KB took 44 ms
 * (measured from an extension page to the service worker). A case's events repeat the same keys
 * and mostly the same values (identity, action, network, key) on every row, so this encoding
 * writes each distinct string once, in a table, and an array of objects whose keys come in one
 * order as columns: the keys once, then per key one typed list (string indices, booleans as 1/0,
 * integers as differences from the row before, so event times a minute apart cost "60000").
 * A 5,000-event case comes to about a sixth of its JSON.
 *
 * `unpack(pack(v))` gives what `JSON.parse(JSON.stringify(v))` gives, keys in the same order
 * (properties that JSON drops, `undefined` and functions, are dropped; `toJSON` is honoured;
 * non-finite numbers become null). `unpack` checks the shape it reads and throws a
 * PackedJsonError on anything else; it never lets a key such as `__proto__` change an object's
 * prototype.
 */

/** The packed form: plain JSON (what runtime messaging carries). */
export interface Packed {
  packed: 1;
  /** Every distinct string, once. */
  strings: string[];
  root: Node;
}

/**
 * A node: a number, boolean or null as itself; anything else a tagged array:
 * `[S, i]` the string strings[i]; `[A, ...nodes]` an array; `[O, keys, ...nodes]` an object
 * (keys as string indices); `[T, n, keys, ...columns]` an array of n objects whose keys all come
 * in the order of `keys` (each row has all of them or some). A column is `[KS, i]` (one string,
 * or -1: no row has the key), `[CS, ...i]` (string indices, -1 where the row lacks the key),
 * `[CB, ...b]` (1, 0, or -1), `[CI, ...d]` (integers as differences from the last present one;
 * null where missing) or `[CG, ...nodes]` (any nodes; `[MISSING]` where missing).
 */
type Node = number | boolean | null | Node[];

const S = 0;
const A = 1;
const O = 2;
const T = 3;
/** In a column: this row has no such key (distinct from null, which is a value). */
const MISSING = 4;
const MISSING_NODE: Node = [MISSING];
/** Column kinds: string indices (-1: missing), one string for every row, booleans as 1/0 (-1), integers as differences (null), any nodes. */
const CS = 5;
const KS = 6;
const CB = 7;
const CI = 8;
const CG = 9;
/** A cell a row does not have (while packing). */
const ABSENT = Symbol('absent');

/** Arrays at least this long whose items are all objects are tried as columns. */
const TABLE_MIN = 8;

export class PackedJsonError extends Error {
  constructor(what: string) {
    super(`The message could not be read (${what}).`);
    this.name = 'PackedJsonError';
  }
}

type Plain = Record<string, unknown>;
type Entry = [string, unknown];

const isPlainObject = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What JSON.stringify would write for `v` (after toJSON); undefined when it writes nothing. */
function jsonValue(v: unknown, key: string | number): unknown {
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function')
    v = (v as { toJSON(k: string): unknown }).toJSON(String(key));
  if (typeof v === 'undefined' || typeof v === 'function' || typeof v === 'symbol') return undefined;
  if (typeof v === 'bigint') throw new TypeError('a BigInt cannot be sent');
  return v;
}

export function pack(value: unknown): Packed {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const str = (s: string): number => {
    let i = index.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      index.set(s, i);
    }
    return i;
  };

  /** The object's entries as JSON writes them (values after toJSON; dropped ones left out). */
  const entries = (o: Plain): Entry[] => {
    const out: Entry[] = [];
    for (const k of Object.keys(o)) {
      const v = jsonValue(o[k], k);
      if (v !== undefined) out.push([k, v]);
    }
    return out;
  };

  /**
   * The rows as columns when every row's keys follow one order; undefined otherwise. One pass
   * over the rows, straight into the columns (no per-row entry lists: a 5,000-event case has
   * 150,000 cells).
   */
  const table = (rows: Plain[]): Node[] | undefined => {
    const n = rows.length;
    const keys: string[] = [];
    const at = new Map<string, number>();
    const cells: unknown[][] = [];
    for (let r = 0; r < n; r++) {
      const o = rows[r]!;
      let last = -1;
      for (const k of Object.keys(o)) {
        const v = jsonValue(o[k], k);
        if (v === undefined) continue;
        // Rows mostly have the keys in the same sequence: the next column first, then the map.
        let i = keys[last + 1] === k ? last + 1 : at.get(k);
        if (i === undefined) {
          // A key not seen yet goes last, after every key this row had before it.
          i = keys.length;
          keys.push(k);
          at.set(k, i);
          cells.push(new Array<unknown>(n).fill(ABSENT));
        }
        if (i <= last) return undefined; // this row's order differs from the others'
        last = i;
        cells[i]![r] = v;
      }
    }
    const out: Node[] = [T, n, keys.map(str)];
    for (const c of cells) out.push(column(c));
    return out;
  };

  /** One column of a table: typed when its cells allow, so a cell costs a few characters. */
  const column = (cells: unknown[]): Node => {
    let strings = true;
    let booleans = true;
    let integers = true;
    for (const c of cells) {
      if (c === ABSENT) continue;
      if (typeof c !== 'string') strings = false;
      if (typeof c !== 'boolean') booleans = false;
      if (!Number.isSafeInteger(c)) integers = false;
    }
    const n = cells.length;
    const out = new Array<Node>(n + 1);
    if (strings) {
      let same = true;
      for (let r = 0; r < n; r++) {
        const c = cells[r];
        out[r + 1] = c === ABSENT ? -1 : str(c as string);
        if (out[r + 1] !== out[1]) same = false;
      }
      if (same) return [KS, out[1]!];
      out[0] = CS;
      return out;
    }
    if (booleans) {
      out[0] = CB;
      for (let r = 0; r < n; r++) out[r + 1] = cells[r] === ABSENT ? -1 : cells[r] ? 1 : 0;
      return out;
    }
    if (integers) {
      // Each present cell as its difference from the one before it (times a minute apart: "60000").
      out[0] = CI;
      let last = 0;
      let safe = true;
      for (let r = 0; r < n; r++) {
        const c = cells[r];
        if (c === ABSENT) {
          out[r + 1] = null;
          continue;
        }
        const d = (c as number) - last;
        if (!Number.isSafeInteger(d)) safe = false;
        out[r + 1] = d;
        last = c as number;
      }
      if (safe) return out;
    }
    out[0] = CG;
    for (let r = 0; r < n; r++) out[r + 1] = cells[r] === ABSENT ? MISSING_NODE : node(cells[r]);
    return out;
  };

  /** `v` is already what JSON writes (after toJSON), never undefined. */
  const node = (v: unknown): Node => {
    if (v === null) return null;
    switch (typeof v) {
      case 'string':
        return [S, str(v)];
      case 'number':
        return Number.isFinite(v) ? v : null;
      case 'boolean':
        return v;
    }
    if (Array.isArray(v)) {
      // JSON writes a dropped item (undefined, a function) as null.
      const items: unknown[] = new Array<unknown>(v.length);
      let objects = v.length >= TABLE_MIN;
      for (let i = 0; i < v.length; i++) {
        const x = jsonValue(v[i], i) ?? null;
        items[i] = x;
        if (objects && !isPlainObject(x)) objects = false;
      }
      if (objects) {
        const t = table(items as Plain[]);
        if (t) return t;
      }
      const out: Node[] = [A];
      for (const x of items) out.push(node(x));
      return out;
    }
    const es = entries(v as Plain);
    const out: Node[] = [O, es.map(([k]) => str(k))];
    for (const [, x] of es) out.push(node(x));
    return out;
  };

  return { packed: 1, strings, root: node(jsonValue(value, '') ?? null) };
}

/** True for a value that looks like pack()'s output (then unpack it; anything else is plain). */
export function isPacked(v: unknown): v is Packed {
  return isPlainObject(v) && v.packed === 1 && Array.isArray(v.strings);
}

/** The value `pack` was given, as JSON would give it back. Throws PackedJsonError on anything malformed. */
export function unpack(p: unknown): unknown {
  if (!isPacked(p)) throw new PackedJsonError('not a packed value');
  const strings = p.strings;
  for (const s of strings) if (typeof s !== 'string') throw new PackedJsonError('a string table entry is not text');
  const text = (i: unknown): string => {
    if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= strings.length)
      throw new PackedJsonError('a string index is out of range');
    return strings[i]!;
  };
  const set = (o: Plain, k: string, v: unknown): void => {
    if (k === '__proto__')
      Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
    else o[k] = v;
  };
  const keyList = (ks: unknown): string[] => {
    if (!Array.isArray(ks)) throw new PackedJsonError('an object has no key list');
    return ks.map(text);
  };

  // Depth-first with an explicit limit: a message cannot nest deeper than JSON.parse would take.
  const read = (n: unknown, depth: number): unknown => {
    if (n === null || typeof n === 'boolean') return n;
    if (typeof n === 'number') {
      if (!Number.isFinite(n)) throw new PackedJsonError('a number is not finite');
      return n;
    }
    if (!Array.isArray(n) || n.length === 0) throw new PackedJsonError('a node has an unknown shape');
    if (depth > 1_000) throw new PackedJsonError('the value nests too deeply');
    switch (n[0]) {
      case S:
        if (n.length !== 2) throw new PackedJsonError('a string node has the wrong length');
        return text(n[1]);
      case A: {
        const out = new Array<unknown>(n.length - 1);
        for (let i = 1; i < n.length; i++) out[i - 1] = read(n[i], depth + 1);
        return out;
      }
      case O: {
        const keys = keyList(n[1]);
        if (n.length !== keys.length + 2) throw new PackedJsonError('an object has the wrong number of values');
        const o: Plain = {};
        for (let i = 0; i < keys.length; i++) set(o, keys[i]!, read(n[i + 2], depth + 1));
        return o;
      }
      case T: {
        const count = n[1];
        if (typeof count !== 'number' || !Number.isInteger(count) || count < 0)
          throw new PackedJsonError('a table has no row count');
        const keys = keyList(n[2]);
        if (n.length !== keys.length + 3) throw new PackedJsonError('a table has the wrong number of columns');
        const columns = n.slice(3).map((c) => readColumn(c, count, depth));
        const rows = new Array<Plain>(count);
        for (let r = 0; r < count; r++) {
          const o: Plain = {};
          for (let c = 0; c < keys.length; c++) {
            const cell = columns[c]![r];
            if (cell !== ABSENT) set(o, keys[c]!, cell);
          }
          rows[r] = o;
        }
        return rows;
      }
      default:
        throw new PackedJsonError('a node has an unknown tag');
    }
  };
  /** A table column's `count` cells (ABSENT where the row has no such key). */
  const readColumn = (c: unknown, count: number, depth: number): unknown[] => {
    if (!Array.isArray(c)) throw new PackedJsonError('a table column is not a list');
    const kind: unknown = c[0];
    if (kind === KS) {
      if (c.length !== 2) throw new PackedJsonError('a constant column has the wrong length');
      const v = c[1] === -1 ? ABSENT : text(c[1]);
      return new Array<unknown>(count).fill(v);
    }
    if (c.length !== count + 1) throw new PackedJsonError('a table column has the wrong length');
    const out = new Array<unknown>(count);
    switch (kind) {
      case CS:
        for (let r = 0; r < count; r++) out[r] = c[r + 1] === -1 ? ABSENT : text(c[r + 1]);
        break;
      case CB:
        for (let r = 0; r < count; r++) {
          const x: unknown = c[r + 1];
          if (x !== -1 && x !== 0 && x !== 1) throw new PackedJsonError('a boolean cell is not 1, 0 or -1');
          out[r] = x === -1 ? ABSENT : x === 1;
        }
        break;
      case CI: {
        let last = 0;
        for (let r = 0; r < count; r++) {
          const x: unknown = c[r + 1];
          if (x === null) out[r] = ABSENT;
          else if (typeof x === 'number' && Number.isSafeInteger(x)) out[r] = last += x;
          else throw new PackedJsonError('an integer cell is not an integer');
        }
        break;
      }
      case CG:
        for (let r = 0; r < count; r++) {
          const x: unknown = c[r + 1];
          out[r] = Array.isArray(x) && x.length === 1 && x[0] === MISSING ? ABSENT : read(x, depth + 1);
        }
        break;
      default:
        throw new PackedJsonError('a table column has an unknown kind');
    }
    return out;
  };

  return read(p.root, 0);
}
