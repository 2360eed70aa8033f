// Write statements and the batches that carry them to the writer (writer.ts).
// Every statement that changes the cache is defined here once, by the store
// module that owns its table, as SQL text with positional parameters; a batch
// is a flat list of (statement, arguments) that the writer runs in one
// savepoint of a transaction. Reads never go through here: they are prepared
// on the read connection (read.ts).

export type SqlValue = string | number | bigint | null | Uint8Array;

export interface WriteStatement {
  readonly id: number;
  readonly sql: string;
}

const registry: WriteStatement[] = [];

/** Registers a write statement (at module load, so every writer knows it before it is used). */
export function defineWrite(sql: string): WriteStatement {
  const statement = { id: registry.length, sql: sql.trim() };
  registry.push(statement);
  return statement;
}

/** Every write statement defined so far, from `from` on. */
export function writeStatementsFrom(from: number): readonly WriteStatement[] {
  return registry.slice(from);
}

export function writeStatementCount(): number {
  return registry.length;
}

/**
 * One unit of writes, run by the writer as one savepoint: all of it commits or
 * none. Flat (id, argc, ...args) so that handing it to the writer thread
 * clones one array, not an object per row.
 */
export class WriteBatch {
  readonly ops: SqlValue[] = [];
  /** Statements added, for sizing groups. */
  size = 0;

  add(statement: WriteStatement, ...args: SqlValue[]): this {
    this.ops.push(statement.id, args.length);
    for (const arg of args) this.ops.push(arg);
    this.size += 1;
    return this;
  }

  /** Appends another batch's statements after this one's. */
  append(other: WriteBatch): this {
    for (const op of other.ops) this.ops.push(op);
    this.size += other.size;
    return this;
  }

  get empty(): boolean {
    return this.size === 0;
  }
}
