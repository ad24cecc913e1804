// `cqi export -o <dir>`: the collected data as Parquet for a health system's distributed engines
// (Spark, Trino): events partitioned by day of pump time and pump (Hive layout
// events/day=<d>/pump_id=<id>/…), and the small gaps and libraries tables as one file each. Written
// into a scratch directory beside the target and renamed at the end, so a failed export leaves no
// half-written directory; an existing target is refused, never overwritten.
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import type { CqiOptions } from "./cli-options.ts";
import { EXIT_FAILED, EXIT_OK, type Io } from "./commands.ts";
import type { CqiStore } from "./store.ts";

const literal = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/** Partition columns come back from the path; their types are given, never guessed (a pump id "12" stays text). */
export const HIVE_TYPES = "{'day': UINTEGER, 'pump_id': VARCHAR}";

export async function exportParquet(store: CqiStore, dir: string): Promise<{ events: number; partitions: number }> {
  if (existsSync(dir)) throw new Error(`${dir} exists: export writes a new directory (move the old one away)`);
  const scratch = `${dir}.${process.pid}.partial`;
  rmSync(scratch, { recursive: true, force: true });
  try {
    mkdirSync(scratch);
    await store.rows(
      `COPY (SELECT *, CAST(time_ms // 86400000 AS UINTEGER) AS day FROM events ORDER BY pump_id, sequence)
       TO ${literal(`${scratch}/events`)} (FORMAT PARQUET, PARTITION_BY (day, pump_id))`,
    );
    await store.rows(
      `COPY (SELECT * FROM gaps ORDER BY ALL) TO ${literal(`${scratch}/gaps.parquet`)} (FORMAT PARQUET)`,
    );
    await store.rows(
      `COPY (SELECT * FROM libraries ORDER BY ALL) TO ${literal(`${scratch}/libraries.parquet`)} (FORMAT PARQUET)`,
    );
    renameSync(scratch, dir);
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
  const [counts] = await store.rows(
    "SELECT count(*)::INTEGER AS events, count(DISTINCT (pump_id, time_ms // 86400000))::INTEGER AS partitions FROM events",
  );
  return { events: Number(counts.events), partitions: Number(counts.partitions) };
}

/** Loads an export into an (empty) store: the inverse of exportParquet, for checks and for moving a database. */
export async function importParquet(store: CqiStore, dir: string): Promise<void> {
  await store.rows(
    `INSERT INTO events BY NAME SELECT * EXCLUDE (day) FROM read_parquet(${literal(`${dir}/events/**/*.parquet`)},
       hive_partitioning = true, hive_types = ${HIVE_TYPES}, union_by_name = true)`,
  );
  await store.rows(`INSERT INTO gaps BY NAME SELECT * FROM read_parquet(${literal(`${dir}/gaps.parquet`)})`);
  await store.rows(`INSERT INTO libraries BY NAME SELECT * FROM read_parquet(${literal(`${dir}/libraries.parquet`)})`);
}

export async function exportCommand(store: CqiStore, options: CqiOptions, io: Io): Promise<number> {
  try {
    const result = await exportParquet(store, options.output!);
    io.out(
      `wrote ${options.output}: ${result.events} events in ${result.partitions} day/pump partitions, gaps, libraries (Parquet)`,
    );
    return EXIT_OK;
  } catch (error) {
    io.err(`cqi export: ${(error as Error).message.split("\n")[0]}`);
    return EXIT_FAILED;
  }
}
