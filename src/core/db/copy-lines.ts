import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * Lines built by PostgreSQL, read as bytes: a SELECT of one text column (each row a finished line,
 * e.g. a CSV or NDJSON line) run as `COPY (…) TO STDOUT (FORMAT binary)`, so that the server never
 * decodes a field or builds a row object, it only copies each line's UTF-8 bytes into ~1 MiB
 * buffers. Binary COPY because it carries a text value's bytes unchanged (TEXT and CSV COPY would
 * escape backslashes and quotes a second time).
 *
 * The COPY runs on a client of `dataSource`'s own pool (the read replica when the caller reads
 * from it) as one statement, its own transaction: nothing session-level, so PgBouncer in
 * transaction mode serves it like any statement. COPY takes no bind parameters: the SELECT must
 * carry its values as literals (export.sql-cells.ts makes them).
 *
 * The binary COPY format (PostgreSQL docs, "COPY", "Binary Format"): an 11-byte signature, an int32
 * of flags and an int32 header-extension length (then that many bytes); per row an int16 field
 * count and, per field, an int32 length (-1: NULL) and the bytes; an int16 -1 at the end. The
 * server sends a row per CopyData message, but the header comes with the first row, so the parser
 * below does not rely on message boundaries.
 */

export interface LineBatch {
  /** The lines' bytes, in order, in chunks of about CHUNK_BYTES. */
  chunks: Buffer[];
  /** Lines read. */
  rows: number;
}

/** Bytes of one chunk of lines: a batch is a few writes, and streams. */
const CHUNK_BYTES = 1 << 20;

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** Signature, flags, header-extension length. */
const HEADER_BYTES = SIGNATURE.length + 8;

/** Reads the lines of `select` (one non-null text column) through binary COPY. */
export async function copyLines(dataSource: DataSource, select: string): Promise<LineBatch> {
  const runner = dataSource.createQueryRunner();
  try {
    const client = (await runner.connect()) as PoolClient;
    return await new Promise<LineBatch>((resolve, reject) => {
      client.query(new BinaryCopyLines(`COPY (${select}) TO STDOUT (FORMAT binary)`, resolve, reject));
    });
  } finally {
    await runner.release();
  }
}

/** Collects bytes into CHUNK_BYTES buffers (copied: the driver reuses the buffer a message lies in). */
class LineChunks {
  readonly chunks: Buffer[] = [];
  private buffer = Buffer.alloc(0);
  private used = 0;

  /** Makes room for `bytes` more, in a new buffer when the current one is full. */
  private room(bytes: number): void {
    if (this.used + bytes <= this.buffer.length) return;
    this.flush();
    this.buffer = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, bytes));
  }

  add(source: Buffer, start: number, end: number): void {
    this.room(end - start);
    this.used += source.copy(this.buffer, this.used, start, end);
  }

  /** Ends the current buffer: what it holds becomes a chunk. */
  flush(): void {
    if (this.used) this.chunks.push(this.buffer.subarray(0, this.used));
    this.buffer = Buffer.alloc(0);
    this.used = 0;
  }
}

/**
 * A pg "submittable" (what pg-copy-streams is): pg's Client calls submit, then hands it the
 * backend's messages of this statement: CopyData, CommandComplete, ErrorResponse, ReadyForQuery.
 */
export class BinaryCopyLines {
  private readonly lines = new LineChunks();
  private rows = 0;
  /** Bytes of a row (or the header) split across two messages, waiting for the rest. */
  private rest: Buffer | null = null;
  private headerRead = false;
  private trailerRead = false;
  private failure: Error | null = null;
  private settled = false;

  constructor(
    readonly text: string,
    private readonly resolve: (batch: LineBatch) => void,
    private readonly reject: (error: Error) => void,
  ) {}

  submit(connection: { query(text: string): void }): null {
    connection.query(this.text);
    return null;
  }

  handleCopyData(message: { chunk: Buffer }): void {
    if (this.failure || this.trailerRead) return;
    let data = message.chunk;
    if (this.rest) {
      data = Buffer.concat([this.rest, data]);
      this.rest = null;
    }
    let at = 0;
    if (!this.headerRead) {
      if (data.length < HEADER_BYTES) return this.keep(data, 0);
      if (!data.subarray(0, SIGNATURE.length).equals(SIGNATURE)) {
        return this.fail('the COPY output is not in the binary format');
      }
      const extension = data.readInt32BE(SIGNATURE.length + 4);
      if (data.length < HEADER_BYTES + extension) return this.keep(data, 0);
      at = HEADER_BYTES + extension;
      this.headerRead = true;
    }
    while (at + 2 <= data.length) {
      const fields = data.readInt16BE(at);
      if (fields === -1) {
        this.trailerRead = true;
        return;
      }
      if (fields !== 1) return this.fail(`a COPY row has ${fields} fields, not one line`);
      if (at + 6 > data.length) break;
      const length = data.readInt32BE(at + 2);
      if (length < 0) return this.fail('a COPY row holds a NULL line');
      if (at + 6 + length > data.length) break;
      this.lines.add(data, at + 6, at + 6 + length);
      this.rows++;
      at += 6 + length;
    }
    this.keep(data, at);
  }

  private keep(data: Buffer, from: number): void {
    if (from < data.length) this.rest = Buffer.from(data.subarray(from));
  }

  private fail(reason: string): void {
    this.failure ??= new Error(`Reading lines through COPY failed: ${reason}.`);
  }

  handleCommandComplete(message: { text?: string }): void {
    // "COPY <rows>": a check that no row was lost between the parser and the server.
    const copied = /^COPY (\d+)$/.exec(message.text ?? '');
    if (copied && Number(copied[1]) !== this.rows) {
      this.fail(`the server sent ${copied[1]} rows, ${this.rows} were read`);
    }
  }

  handleReadyForQuery(): void {
    if (this.failure) return this.settle(this.failure);
    if (!this.trailerRead) return this.settle(new Error('Reading lines through COPY failed: no end marker.'));
    this.lines.flush();
    this.settle(null);
  }

  handleError(error: Error): void {
    this.settle(error);
  }

  private settle(error: Error | null): void {
    if (this.settled) return;
    this.settled = true;
    if (error) this.reject(error);
    else this.resolve({ chunks: this.lines.chunks, rows: this.rows });
  }

  // Messages a COPY never brings; a query that sends them instead is a failure.
  handleRowDescription(): void {
    this.fail('the statement returned rows, not COPY data');
  }
  handleDataRow(): void {}
  handlePortalSuspended(): void {}
  handleEmptyQuery(): void {
    this.fail('the statement was empty');
  }
  handleCopyInResponse(connection: { sendCopyFail(message: string): void }): void {
    connection.sendCopyFail('This statement reads; it takes no COPY data.');
  }
}
