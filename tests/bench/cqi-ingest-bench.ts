// `npx tsx tests/bench/cqi-ingest-bench.ts`: how fast the CQI database (decision 0024) stores
// event records through the collector's own path (ingestPage: CRC check, decode, byte-for-byte
// duplicate check, one transaction per page) — in READ_LOG pages of 7 (serial collection) and in
// pages of 1,024 (a state file's ring) — and how fast a second collection skips them. Synthetic
// ALERT_RAISED records with valid CRCs; then a fleet's state files stored in one batch (one commit).
// A benchmark: it prints figures, it never fails on speed.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { EVENT_LOG_RECORD_SIZE } from "../../firmware/abi/codes.ts";
import { EventType } from "../../firmware/abi/event-types.ts";
import {
  REC_CARE_AREA_ID,
  REC_CRC,
  REC_ENTRY_ID,
  REC_LIMIT,
  REC_OUTCOME,
  REC_SEQUENCE,
  REC_TIME_MS,
  REC_TYPE,
  REC_VALUE,
} from "../../firmware/abi/record-layout.ts";
import { emptyTally, ingestPage } from "../../hil/cqi/ingest-page.ts";
import { READ_LOG_PAGE } from "../../hil/cqi/collect-port.ts";
import { CqiStore } from "../../hil/cqi/store.ts";

const RECORDS = Number(process.env.BENCH_RECORDS ?? 20_000);

function record(sequence: number): Uint8Array {
  const bytes = new Uint8Array(EVENT_LOG_RECORD_SIZE);
  const view = new DataView(bytes.buffer);
  view.setUint32(REC_SEQUENCE, sequence, true);
  view.setUint16(REC_TYPE, EventType.ALERT_RAISED, true);
  view.setBigUint64(REC_TIME_MS, BigInt(sequence) * 1000n, true);
  view.setUint32(REC_ENTRY_ID, 1001 + (sequence % 20), true);
  bytes[REC_CARE_AREA_ID] = sequence % 6;
  bytes[REC_OUTCOME] = 1 + (sequence % 2);
  view.setBigUint64(REC_VALUE, 30_000_000n + BigInt(sequence), true);
  view.setBigUint64(REC_LIMIT, 25_000_000n, true);
  view.setUint32(REC_CRC, crc32(bytes.subarray(0, REC_CRC)), true);
  return bytes;
}

const records = Array.from({ length: RECORDS }, (_, i) => record(i + 1));
const dir = mkdtempSync(join(tmpdir(), "cqi-bench-"));
try {
  console.log(`CQI ingest: ${RECORDS} records, DuckDB file in ${tmpdir()}`);
  for (const page of [READ_LOG_PAGE, 1024]) {
    const store = await CqiStore.open(join(dir, `bench-${page}.duckdb`));
    for (const pass of ["new", "again (all duplicates)"]) {
      const tally = emptyTally(pass === "new" ? 0 : 0);
      const start = process.hrtime.bigint();
      for (let i = 0; i < records.length; i += page)
        await ingestPage(store, "bench", "bench", records.slice(i, i + page), 0, tally);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      console.log(
        `  pages of ${String(page).padStart(4)}, ${pass.padEnd(22)}: ${Math.round(RECORDS / seconds)} records/s ` +
          `(${tally.inserted} stored, ${tally.duplicates} already stored, ${seconds.toFixed(2)} s)`,
      );
    }
    store.close();
  }
  // A fleet's state files in one collect: each pump's ring (1,024 records) through ingestPage, all
  // in one batch (one durable commit, decision 0025).
  const PUMPS = Math.max(1, Math.floor(RECORDS / 1024));
  const store = await CqiStore.open(join(dir, "bench-batch.duckdb"));
  const start = process.hrtime.bigint();
  await store.batch(async () => {
    for (let pump = 0; pump < PUMPS; pump++)
      await ingestPage(store, `pump-${pump}`, "bench", records.slice(0, 1024), 0, emptyTally(0));
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(
    `  ${PUMPS} pumps × 1,024 in one batch (collect --state × ${PUMPS}): ${Math.round((PUMPS * 1024) / seconds)} records/s ` +
      `(${seconds.toFixed(2)} s; target ≥ 100,000)`,
  );
  store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
