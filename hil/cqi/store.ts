// The CQI analytics database (docs/cqi.md §2): an embedded DuckDB file (decision 0024). Opening
// applies sql/schema.sql and sql/views.sql; ingest stores 64-byte event records under the primary
// key (pump id, sequence), so collecting twice never duplicates one, and refuses a batch whose
// records contradict what is stored for that pump (another pump's log) before writing anything.
import { readFileSync } from "node:fs";
import { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { Param, Tier } from "../../firmware/abi/codes.ts";
import { BasicReason, OverrideReason } from "../../firmware/abi/workflow-codes.ts";
import type { EventRecord } from "../../simulator/pump/event-record.ts";
import { PARAM_UNITS, TITRATION_STEP_PARAM } from "./param-units.ts";

const SQL_DIR = new URL("./sql/", import.meta.url);
export const SCHEMA_VERSION = "1";

/** The database file could not be opened or used; names the file and what to do. */
export class CqiDatabaseError extends Error {
  constructor(
    readonly path: string,
    what: string,
  ) {
    super(`CQI database ${path}: ${what}`);
  }
}

/** A batch of records contradicts what is stored (a state file or port of another pump). */
export class PumpMismatchError extends Error {
  constructor(
    readonly pumpId: string,
    readonly sequence: number,
    source: string,
  ) {
    super(
      `${source}: record ${sequence} differs from the record ${sequence} already collected for pump "${pumpId}": ` +
        `this log belongs to another pump (or the pump was formatted); nothing from it was stored`,
    );
  }
}

export interface StoredRecord {
  record: EventRecord;
  /** The 64 bytes as lower-case hex, made once: the duplicate check compares it and it is stored as raw_hex. */
  rawHex: string;
}

export interface IngestResult {
  inserted: number;
  duplicates: number;
}

export type GapCause = "RING_OVERWRITE" | "DAMAGED_OR_UNREADABLE";

export class CqiStore {
  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly db: DuckDBConnection,
  ) {}

  /** Opens (or creates) the database file; a file that is not a CQI database is refused, never rewritten. */
  static async open(path: string): Promise<CqiStore> {
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path);
    } catch (error) {
      throw new CqiDatabaseError(
        path,
        `cannot be opened (${firstLine(error)}); the file was left as it is: ` +
          `move it away or restore a backup, then collect again (the pumps keep their logs)`,
      );
    }
    const db = await instance.connect();
    const store = new CqiStore(path, instance, db);
    try {
      await db.run(readFileSync(new URL("schema.sql", SQL_DIR), "utf8"));
      await db.run(readFileSync(new URL("views.sql", SQL_DIR), "utf8"));
      await store.fillReferenceTables();
    } catch (error) {
      store.close();
      throw new CqiDatabaseError(path, `is not a usable CQI database (${firstLine(error)})`);
    }
    return store;
  }

  close(): void {
    this.db.closeSync();
    this.instance.closeSync();
  }

  private async fillReferenceTables(): Promise<void> {
    await this.db.run("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [SCHEMA_VERSION]);
    for (const [param, unit] of Object.entries(PARAM_UNITS)) {
      await this.db.run("INSERT OR REPLACE INTO param_units VALUES (?, ?, ?)", [
        Number(param),
        Param[Number(param)],
        unit,
      ]);
    }
    await this.db.run("INSERT OR REPLACE INTO param_units VALUES (?, 'TITRATION_STEP', 'ABU per basis per h')", [
      TITRATION_STEP_PARAM,
    ]);
    for (const [kind, table] of [
      ["override", OverrideReason],
      ["basic", BasicReason],
      ["tier", Tier],
    ] as const) {
      for (const [name, code] of Object.entries(table)) {
        if (typeof code === "number")
          await this.db.run("INSERT OR REPLACE INTO reasons VALUES (?, ?, ?)", [kind, code, name]);
      }
    }
  }

  /** The highest sequence stored per pump, as this process last read or wrote it (one cqi process per file, decision 0024). */
  private readonly lastStored = new Map<string, number>();

  /** The highest sequence stored for the pump, 0 when none. */
  async lastSequence(pumpId: string): Promise<number> {
    const rows = await this.rows("SELECT coalesce(max(sequence), 0) AS last FROM events WHERE pump_id = ?", [pumpId]);
    const last = Number(rows[0].last);
    this.lastStored.set(pumpId, last);
    return last;
  }

  /**
   * Stores intact records (sequence order) in one transaction. A record already stored is skipped
   * when byte-identical; one that differs refuses the whole batch (PumpMismatchError).
   */
  async ingest(pumpId: string, source: string, records: readonly StoredRecord[]): Promise<IngestResult> {
    if (records.length === 0) return { inserted: 0, duplicates: 0 };
    const first = records[0].record.sequence;
    const last = records[records.length - 1].record.sequence;
    const existing = new Map<number, string>();
    // A page wholly after the last record stored (the usual case) has nothing to compare: no query.
    const storedLast = this.lastStored.get(pumpId) ?? (await this.lastSequence(pumpId));
    const rows =
      first > storedLast
        ? []
        : await this.rows("SELECT sequence, raw_hex FROM events WHERE pump_id = ? AND sequence BETWEEN ? AND ?", [
            pumpId,
            first,
            last,
          ]);
    for (const row of rows) existing.set(Number(row.sequence), String(row.raw_hex));
    const fresh: StoredRecord[] = [];
    for (const item of records) {
      const stored = existing.get(item.record.sequence);
      if (stored === undefined) fresh.push(item);
      else if (stored !== item.rawHex) throw new PumpMismatchError(pumpId, item.record.sequence, source);
    }
    await this.transaction(async () => {
      await this.insertRows(pumpId, source, fresh);
    });
    this.lastStored.set(pumpId, Math.max(storedLast, last));
    return { inserted: fresh.length, duplicates: records.length - fresh.length };
  }

  /** The Appender (DuckDB's bulk path, ~100× faster than bound VALUES here); duplicates were filtered before. */
  private async insertRows(pumpId: string, source: string, batch: readonly StoredRecord[]): Promise<void> {
    const appender = await this.db.createAppender("events");
    try {
      for (const { record: r, rawHex } of batch) {
        appender.appendVarchar(pumpId);
        appender.appendUInteger(r.sequence);
        appender.appendUSmallInt(r.type);
        appender.appendVarchar(r.typeName);
        appender.appendUSmallInt(r.status);
        appender.appendUBigInt(r.timeMs);
        appender.appendUInteger(r.libraryVersion);
        appender.appendUInteger(r.entryId);
        // eight one-byte fields, appended one by one (an array per row costs more than the appends)
        appender.appendUTinyInt(r.careAreaId);
        appender.appendUTinyInt(r.outcome);
        appender.appendUTinyInt(r.param);
        appender.appendUTinyInt(r.tier);
        appender.appendUTinyInt(r.reasonCode);
        appender.appendUTinyInt(r.mode);
        appender.appendUTinyInt(r.concentrationIndex);
        appender.appendUTinyInt(r.alarmPriority);
        appender.appendUBigInt(r.value);
        appender.appendUBigInt(r.limit);
        appender.appendUBigInt(r.rateUlPerHour);
        appender.appendUInteger(r.detail);
        appender.appendNull(); // order_id: not in the record
        appender.appendVarchar(rawHex);
        appender.appendVarchar(source);
        appender.endRow();
      }
      appender.flushSync();
    } catch (error) {
      // closing an appender whose flush failed throws again ("transaction aborted"): keep the first error
      try {
        appender.closeSync();
      } catch {
        // the transaction is rolled back by ingest
      }
      throw error;
    }
    appender.closeSync();
  }

  async recordGap(
    pumpId: string,
    firstSequence: number,
    lastSequence: number,
    cause: GapCause,
    source: string,
  ): Promise<void> {
    await this.db.run("INSERT OR IGNORE INTO gaps VALUES (?, ?, ?, ?, ?)", [
      pumpId,
      firstSequence,
      lastSequence,
      cause,
      source,
    ]);
  }

  async recordLibrary(pumpId: string, version: number, bodyDigest: string, name: string | undefined): Promise<void> {
    if (version === 0) return;
    await this.db.run(
      "INSERT INTO libraries VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET library_name = coalesce(excluded.library_name, library_name)",
      [pumpId, version, bodyDigest, name ?? null],
    );
  }

  /** Rows of a query as plain objects (bigints for 64-bit columns). */
  async rows(sql: string, values: (string | number | null)[] = []): Promise<Record<string, unknown>[]> {
    const reader = await this.db.runAndReadAll(sql, values);
    return reader.getRowObjectsJS() as Record<string, unknown>[];
  }

  /** Inside batch(): every ingest joins its one transaction. */
  private batching = false;

  /**
   * Runs `body` in one transaction: every ingest inside it is stored by one durable commit, or
   * nothing is (a bulk import of many state files: the commit, ~6–11 ms here, is most of a page's
   * cost — decision 0025). A batch refused by ingest (another pump's log) writes nothing, so the
   * others in the same batch still go in. Throws what body or the commit threw, after the rollback.
   */
  async batch<T>(body: () => Promise<T>): Promise<T> {
    if (this.batching) return body();
    await this.db.run("BEGIN TRANSACTION");
    this.batching = true;
    try {
      const result = await body();
      await this.db.run("COMMIT");
      return result;
    } catch (error) {
      await this.db.run("ROLLBACK").catch(() => undefined); // a failed COMMIT has rolled back already
      this.lastStored.clear(); // what this process thought stored may not be: read it again
      throw error;
    } finally {
      this.batching = false;
    }
  }

  private async transaction(body: () => Promise<void>): Promise<void> {
    if (this.batching) return body();
    await this.db.run("BEGIN TRANSACTION");
    try {
      await body();
      await this.db.run("COMMIT");
    } catch (error) {
      await this.db.run("ROLLBACK");
      throw error;
    }
  }
}

/** Lower-case hex of a record, without copying it first. */
export const hexOf = (raw: Uint8Array): string =>
  Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("hex");

const firstLine = (error: unknown): string => String((error as Error).message ?? error).split("\n")[0];
