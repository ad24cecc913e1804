// Runtime integrity (issue 10 §4; docs/decisions/0021-runtime-integrity.md). The active library is
// verified once when it is admitted, but the engine reads it in place for hours: a byte changed in
// memory afterwards (a stray write, a host writing the wrong slot, a RAM fault) would change a
// limit silently until the next power-on. So every tick re-checks a bounded slice — at most
// INTEGRITY_SLICE_BYTES — of, in turn:
//   1. the constant tables (integrity-tables.ts), one table per tick, CRC-32 against the value
//      taken by the start function when the module was instantiated;
//   2. the entry-id buckets built at activation (library/lookup.ts), CRC-32 against the value
//      taken when they were built;
//   3. the active image's body, SHA-256 against the digest verified at activation (nv/header.ts
//      keeps it, and the header's CRC-32, in WebAssembly globals that no memory store reaches),
//      and at the end of the body the 96-byte header's CRC-32.
// A mismatch is logged (INTEGRITY_FAILED), ends a running infusion (the motor stops), drops the
// library and raises the high-priority INTEGRITY alarm. The same checks run in full as the
// power-on self-test inside init(), before a library is activated and before anything can start.
import { IMAGE_HEADER_SIZE, INTEGRITY_SLICE_BYTES, Status } from "../abi/codes";
import { EventType, INTEGRITY_AT_POWER_ON, IntegrityRegion } from "../abi/event-types";
import { Alarm } from "../abi/workflow-codes";
import { crc32, crc32Begin, crc32End, crc32Update } from "../crypto/crc32";
import { sha256Begin, sha256Blocks, sha256Finish } from "../crypto/sha256";
import { logBlockRecord } from "../eventlog/append";
import { BUCKET_TABLE, BUCKET_TABLE_BYTES, bucketTableCrc } from "../library/lookup";
import { activationCount, activeBodySize, bodyPtr, deactivateLibrary, imagePtr, libraryActive } from "../library/state";
import { digestMatches, forgetLibrary, imageHeaderCrc } from "../nv/header";
import { raiseAlarm } from "../workflow/alarms";
import { resetWorkflow } from "../workflow/infusion";
import { CONSTANT_TABLE_COUNT, constantTableBytes, constantTablePtr } from "./integrity-tables";

// INTEGRITY_SLICE_BYTES (abi/codes.ts): bytes checked per tick, 16 SHA-256 blocks (docs/decisions/0021).
const BLOCK_BYTES: u32 = 64;
const SLICE_BLOCKS: u32 = <u32>INTEGRITY_SLICE_BYTES / BLOCK_BYTES;

const PHASE_TABLES: u32 = 0;
const PHASE_BUCKETS: u32 = 1;
const PHASE_BODY: u32 = 2;

/**
 * The constant tables' CRC-32, computed by the start function from the data segments the
 * WebAssembly engine has just copied out of the binary. So it detects any change after
 * instantiation — the defect class of issue 10 §4 — but not a binary whose tables were wrong
 * before it was loaded: that is the host's job, as for the code (decision 0021).
 */
const TABLES_REFERENCE_CRC: u32 = constantTablesCrc();

let phase: u32 = PHASE_TABLES;
let tableIndex: u32 = 0;
let tablesRegister: u32 = crc32Begin();
/** Bytes of the current library region done in this pass. */
let regionOffset: u32 = 0;
let bucketsRegister: u32 = crc32Begin();
/** library/state's activationCount when this pass reached the library: another value means it changed. */
let passActivation: u32 = 0;
/** A constant table failed: latched until a power cycle (a new instance); no library is admitted. */
let tablesFailed = false;
// SHA-256 chaining state of the pass under way, and the finished digest. Scratch in the firmware's
// static data: a change there only makes the pass fail, which fails safe.
const DIGEST_CONTEXT: usize = memory.data(32, 16);
const COMPUTED_DIGEST: usize = memory.data(32, 16);

function constantTablesCrc(): u32 {
  let register = crc32Begin();
  for (let index: u32 = 0; index < CONSTANT_TABLE_COUNT; index++) {
    register = crc32Update(register, constantTablePtr(index), constantTableBytes(index));
  }
  return crc32End(register);
}

/** True once a constant table failed in this instance: libraryLoad is refused (Status.INTEGRITY_FAILED). */
export function constantTablesFailed(): bool {
  return tablesFailed;
}

/** tick(): one bounded slice of the pass. Never more than INTEGRITY_SLICE_BYTES of hashing. */
export function integrityStep(): void {
  if (tablesFailed) return;
  if (phase == PHASE_TABLES) {
    const index = tableIndex;
    tablesRegister = crc32Update(tablesRegister, constantTablePtr(index), constantTableBytes(index));
    tableIndex = index + 1;
    if (tableIndex < CONSTANT_TABLE_COUNT) return;
    const computed = crc32End(tablesRegister);
    if (computed != TABLES_REFERENCE_CRC) return fail(IntegrityRegion.CONSTANT_TABLES, 0, computed, false);
    return beginLibraryPhases();
  }
  // The library changed (activated, dropped) since this pass reached it: start over on the new one.
  if (!libraryActive || activationCount != passActivation) return restartPass();
  if (phase == PHASE_BUCKETS) stepBuckets(false);
  else stepBody(false);
}

function restartPass(): void {
  phase = PHASE_TABLES;
  tableIndex = 0;
  tablesRegister = crc32Begin();
}

/** After the tables: the library's regions if one is active, else the next pass. */
function beginLibraryPhases(): void {
  if (!libraryActive) return restartPass();
  phase = PHASE_BUCKETS;
  regionOffset = 0;
  bucketsRegister = crc32Begin();
  passActivation = activationCount;
}

/** One slice of the bucket table; at its end the comparison. True when the region is done. */
function stepBuckets(atPowerOn: bool): bool {
  const left = BUCKET_TABLE_BYTES - regionOffset;
  const bytes: u32 = left < <u32>INTEGRITY_SLICE_BYTES ? left : <u32>INTEGRITY_SLICE_BYTES;
  bucketsRegister = crc32Update(bucketsRegister, BUCKET_TABLE + <usize>regionOffset, bytes);
  regionOffset += bytes;
  if (regionOffset < BUCKET_TABLE_BYTES) return false;
  const computed = crc32End(bucketsRegister);
  if (computed != bucketTableCrc) {
    fail(IntegrityRegion.ENTRY_BUCKETS, 0, computed, atPowerOn);
    return true;
  }
  phase = PHASE_BODY;
  regionOffset = 0;
  sha256Begin(DIGEST_CONTEXT);
  return false;
}

/** One slice of the body; with fewer than a slice left, the rest, the digest and the header CRC. True when the pass is done. */
function stepBody(atPowerOn: bool): bool {
  const left = activeBodySize - regionOffset;
  if (left >= <u32>INTEGRITY_SLICE_BYTES) {
    sha256Blocks(DIGEST_CONTEXT, bodyPtr + <usize>regionOffset, SLICE_BLOCKS);
    regionOffset += <u32>INTEGRITY_SLICE_BYTES;
    return false;
  }
  const blocks = left / BLOCK_BYTES;
  sha256Blocks(DIGEST_CONTEXT, bodyPtr + <usize>regionOffset, blocks);
  const tailOffset = regionOffset + blocks * BLOCK_BYTES;
  sha256Finish(
    DIGEST_CONTEXT,
    bodyPtr + <usize>tailOffset,
    activeBodySize - tailOffset,
    activeBodySize,
    COMPUTED_DIGEST,
  );
  if (!digestMatches(COMPUTED_DIGEST)) {
    fail(IntegrityRegion.LIBRARY_BODY, COMPUTED_DIGEST, 0, atPowerOn);
    return true;
  }
  const headerCrc = crc32(imagePtr, IMAGE_HEADER_SIZE);
  if (headerCrc != imageHeaderCrc) {
    fail(IntegrityRegion.LIBRARY_HEADER, 0, headerCrc, atPowerOn);
    return true;
  }
  restartPass();
  return true;
}

/**
 * Power-on self-test, part 1 (init(), before the recorded library is re-admitted): all constant
 * tables at once. False when one changed; the caller then activates no library and, once
 * POWER_ON is logged, calls integrityPowerOnFailure.
 */
export function constantTablesIntact(): bool {
  restartPass();
  return constantTablesCrc() == TABLES_REFERENCE_CRC;
}

/** Power-on self-test: the tables failed (see constantTablesIntact). */
export function integrityPowerOnFailure(): void {
  fail(IntegrityRegion.CONSTANT_TABLES, 0, constantTablesCrc(), true);
}

/**
 * Power-on self-test, part 2 (init(), after the re-admitted library was activated, before init()
 * returns): the library's regions in full, with the same slices as the ticks. On a mismatch the
 * failure is handled as at run time, flagged INTEGRITY_AT_POWER_ON. The ticks then start a fresh pass.
 */
export function activeLibrarySelfTest(): void {
  restartPass();
  if (!libraryActive) return;
  beginLibraryPhases();
  while (phase == PHASE_BUCKETS) if (stepBuckets(true)) return;
  while (!stepBody(true));
  restartPass();
}

/**
 * A mismatch: logged with what was computed, the infusion ended (motor 0), the library dropped
 * (also from NV: it must be loaded again), the INTEGRITY alarm raised; the next pass starts.
 */
function fail(region: u32, digestPtr: usize, computedCrc: u32, atPowerOn: bool): void {
  logBlockRecord(
    EventType.INTEGRITY_FAILED,
    Status.INTEGRITY_FAILED,
    digestPtr,
    computedCrc,
    region | (atPowerOn ? INTEGRITY_AT_POWER_ON : 0),
  );
  if (region == IntegrityRegion.CONSTANT_TABLES) tablesFailed = true;
  resetWorkflow();
  deactivateLibrary();
  forgetLibrary();
  raiseAlarm(Alarm.INTEGRITY, 0);
  restartPass();
}

/** After an engine reset cleared the alarms: a failed constant table keeps its alarm until a power cycle. */
export function reassertIntegrityAlarm(): void {
  if (tablesFailed) raiseAlarm(Alarm.INTEGRITY, 0);
}
