// The release ABI (docs/abi.md §3): exports only; each calls boot/ or one service.
//   evaluate:    engine/evaluate: request → engine/checks → engine/derive → engine/parameters (limits/classify) → result
//   libraryLoad: activation/library-slots: staging slot → library/admit (signature, library/verify, policy)
//                → library/state, then nv/header + eventlog (LIBRARY_ACTIVATED/REJECTED) in one commit
//   provisionPublicKey: activation/provision → nv/key-record, active library re-admitted
//   init:        boot/cold-start: key record, NV header → clock, log repair, library re-admitted → POWER_ON record
//   receive/transmit: protocol/receiver → handle-frame → execute → commands → services; protocol/outbox
//   tick: boot/tick → workflow/delivery → clock, then one slice of activation/integrity · setSensorFaults: workflow/sensor-inputs (faults mask, FAULT_* records, alarms)
//   motorRate: workflow/delivery (what the host's motor must run at)
// boot/topology.ts connects the event log's output port to the protocol's EVENT frames at instantiation.
import "./abi/abort";
import "./boot/topology";
import {
  ABI_VERSION,
  LIBRARY_REGION_OFFSET,
  NV_REGION_OFFSET,
  REQUEST_OFFSET,
  RESULT_OFFSET,
  RX_BUFFER_OFFSET,
  RX_BUFFER_SIZE,
  Status,
  TX_BUFFER_OFFSET,
  TX_BUFFER_SIZE,
} from "./abi/codes";
import { LIBRARY_REGION_SIZE, LIBRARY_SLOT_SIZE, MEMORY_PROFILE, NV_REGION_SIZE } from "./abi/memory-map";
import { evaluateRequest } from "./engine/evaluate";
import { activeCareAreaCount, activeEntryCount, activeLibraryVersion } from "./library/state";
import { ensureStarted, initFirmware } from "./boot/cold-start";
import { commitCounter } from "./nv/header";
import { keyState as currentKeyState } from "./nv/key-record";
import {
  activateSlot,
  activeSlot,
  libraryChangedEnd,
  libraryChangedStart,
  libraryWriteCount,
  slotOffset,
  stagingSlot,
} from "./activation/library-slots";
import { transferReset } from "./activation/library-transfer";
import { provisionPublicKey as provisionKeyAt } from "./activation/provision";
import { outboxTake } from "./protocol/outbox";
import { receiveBytes, receiveLocalFrame } from "./protocol/receiver";
import { tickFirmware } from "./boot/tick";
import { motorRateUlPerHour } from "./workflow/delivery";
import { applySensorFaults } from "./workflow/sensor-inputs";

export function abiVersion(): i32 {
  return ABI_VERSION;
}

export function requestOffset(): i32 {
  return REQUEST_OFFSET;
}

export function resultOffset(): i32 {
  return RESULT_OFFSET;
}

export function libraryRegionOffset(): i32 {
  return LIBRARY_REGION_OFFSET;
}

export function libraryRegionSize(): i32 {
  return LIBRARY_REGION_SIZE;
}

/** Bytes of one library slot: the largest file (image and trailer) libraryLoad accepts. */
export function librarySlotSize(): i32 {
  return LIBRARY_SLOT_SIZE;
}

/**
 * Where the host writes an image for libraryLoad: the slot not holding the active library (A when
 * none). Depends on the restored NV, so it runs the cold start first if the host skipped init().
 */
export function libraryStagingOffset(): i32 {
  ensureStarted();
  return <i32>slotOffset(stagingSlot());
}

/** Slot of the active library: 0 A, 1 B, −1 none. */
export function libraryActiveSlot(): i32 {
  ensureStarted();
  return activeSlot();
}

/** Changes whenever the firmware wrote the library region (LIBRARY_CHUNK): save it before the header (host-contract.md §2). */
export function libraryGeneration(): i32 {
  return <i32>libraryWriteCount;
}

/**
 * With libraryChangedSize(): the linear-memory range holding every library byte the firmware wrote
 * since init (LIBRARY_CHUNKs into the staging slot) — what a host saves when libraryGeneration()
 * changed, instead of the whole library region (host-contract.md §2 rule 3). 0 and 0 before any write.
 */
export function libraryChangedOffset(): i32 {
  return <i32>libraryChangedStart;
}

export function libraryChangedSize(): i32 {
  return <i32>(libraryChangedEnd - libraryChangedStart);
}

/**
 * The memory profile this binary is built for (abi/memory-profiles.ts, docs/abi.md §2.1): 0
 * standard, 1 mcu. A host takes the page count and every region's offset and size from the profile
 * table with this id.
 */
export function memoryProfile(): i32 {
  return MEMORY_PROFILE;
}

export function nvRegionOffset(): i32 {
  return NV_REGION_OFFSET;
}

export function nvRegionSize(): i32 {
  return NV_REGION_SIZE;
}

export function rxBufferOffset(): i32 {
  return RX_BUFFER_OFFSET;
}

export function rxBufferSize(): i32 {
  return RX_BUFFER_SIZE;
}

export function txBufferOffset(): i32 {
  return TX_BUFFER_OFFSET;
}

export function txBufferSize(): i32 {
  return TX_BUFFER_SIZE;
}

/**
 * First call in an instance: cold start from the NV bytes the host restored (or formats them).
 * A later call: engine reset, no library active (ABI 1). Logs POWER_ON either way; returns 0.
 */
export function init(): i32 {
  return initFirmware();
}

/** Changes whenever any NV byte the firmware owns changed: the host saves the NV region then. */
export function nvGeneration(): i32 {
  return <i32>commitCounter;
}

/**
 * Admits the file of `lengthBytes` the host wrote at libraryStagingOffset() and activates it in one
 * NV commit; returns a status. A rejection is logged and the active library stays in force;
 * LIBRARY_BUSY (nothing changed) while an infusion runs, is paused or is stopped by an alarm. A
 * transfer under way over the protocol is discarded: the host has just written its slot.
 */
export function libraryLoad(lengthBytes: i32): i32 {
  ensureStarted();
  transferReset();
  return activateSlot(stagingSlot(), <u32>lengthBytes);
}

/**
 * Provisions the 32-byte Ed25519 public key the host wrote at requestOffset(), once; returns a
 * status. From then on only signed, released, newer images are admitted (host-contract.md §10).
 */
export function provisionPublicKey(): i32 {
  ensureStarted();
  return provisionKeyAt(REQUEST_OFFSET);
}

/** 0 development (no key), 1 provisioned, 2 key record damaged (nothing is admitted). */
export function keyState(): i32 {
  ensureStarted();
  return <i32>currentKeyState();
}

export function libraryVersion(): i32 {
  return <i32>activeLibraryVersion;
}

export function libraryEntryCount(): i32 {
  return <i32>activeEntryCount;
}

export function libraryCareAreaCount(): i32 {
  return <i32>activeCareAreaCount;
}

/** Evaluates the request buffer, writes the result buffer, returns the status. */
export function evaluate(): i32 {
  return evaluateRequest();
}

/** Hands `length` bytes at RX_BUFFER_OFFSET to the protocol; complete frames handled, or −status. */
export function receive(length: i32): i32 {
  if (length < 0 || length > RX_BUFFER_SIZE) return -Status.VALUE_OUT_OF_RANGE;
  ensureStarted();
  return receiveBytes(<u32>length);
}

/**
 * The pump's own keys (issue 13, docs/decisions/0036, host-contract.md §12): one whole COBS frame of
 * `length` bytes at RX_BUFFER_OFFSET (a trailing delimiter allowed), handled as a local request —
 * the only way a request is local. 1 when handled; −VALUE_OUT_OF_RANGE when the bytes are not one
 * frame (nothing handled). The serial line's partial frame is not touched.
 */
export function receiveLocal(length: i32): i32 {
  if (length < 0 || length > RX_BUFFER_SIZE) return -Status.VALUE_OUT_OF_RANGE;
  ensureStarted();
  return receiveLocalFrame(<u32>length) < 0 ? -Status.VALUE_OUT_OF_RANGE : 1;
}

/** Copies up to min(maxBytes, TX_BUFFER_SIZE) pending bytes to TX_BUFFER_OFFSET; how many, or −status. */
export function transmit(maxBytes: i32): i32 {
  if (maxBytes < 0) return -Status.VALUE_OUT_OF_RANGE;
  return <i32>outboxTake(<u32>(maxBytes > TX_BUFFER_SIZE ? TX_BUFFER_SIZE : maxBytes));
}

/**
 * Advances the simulated clock, delivering while an infusion runs, and re-checks one bounded slice
 * of the active library and the constant tables; a status (negative elapsed time is refused).
 */
export function tick(elapsedMs: i32): i32 {
  return tickFirmware(elapsedMs);
}

/** The rate the host must run the motor at now, µL/h (0: stopped). Read after every call. */
export function motorRate(): i64 {
  return <i64>motorRateUlPerHour();
}

/** Host sensor inputs (bit 0 occlusion, 1 air in line, 2 door open, 3 low battery, 4 NV storage failed); a status. */
export function setSensorFaults(mask: i32): i32 {
  ensureStarted();
  return applySensorFaults(mask);
}
