// A library file received over the serial protocol in chunks (docs/protocol.md §5.6): BEGIN names
// the length and the SHA-256 of the whole file, CHUNKs fill the staging slot in order, ACTIVATE
// checks the digest and hands the slot to library-slots.ts. The state is RAM only: a power cut
// forgets the transfer (the active slot was never touched) and the host begins again. A BEGIN
// with the same length and digest as the transfer under way resumes it, so a client that lost the
// link asks where it stands and continues from the bytes received.
import { workflowInfusing } from "../workflow/infusion";
import { Status } from "../abi/codes";
import { LIBRARY_SLOT_SIZE } from "../abi/memory-map";
import { sha256 } from "../crypto/sha256";
import { activateSlot, activeSlot, logRejection, noteLibraryWrite, slotOffset, stagingSlot } from "./library-slots";

export enum TransferState {
  NONE = 0,
  RECEIVING = 1,
  /** Every announced byte arrived; waiting for ACTIVATE. */
  COMPLETE = 2,
}

export let transferState: u32 = TransferState.NONE;
export let transferSlot: u32 = 0;
export let transferTotalBytes: u32 = 0;
export let transferReceivedBytes: u32 = 0;
/** SHA-256 of the whole file as BEGIN announced it. */
export const TRANSFER_DIGEST: usize = memory.data(32, 16);
const COMPUTED_DIGEST: usize = memory.data(32, 16);

export function transferReset(): void {
  transferState = TransferState.NONE;
  transferSlot = 0;
  transferTotalBytes = 0;
  transferReceivedBytes = 0;
  for (let i: usize = 0; i < 32; i += 8) store<u64>(TRANSFER_DIGEST + i, 0);
}

/** BEGIN: a new transfer into the staging slot, or the one under way when length and digest match. */
export function transferBegin(totalBytes: u32, digestPtr: usize): i32 {
  if (totalBytes == 0 || totalBytes > <u32>LIBRARY_SLOT_SIZE) return Status.IMAGE_SIZE;
  if (
    transferState != TransferState.NONE &&
    totalBytes == transferTotalBytes &&
    digestEquals(digestPtr, TRANSFER_DIGEST)
  )
    return Status.OK;
  transferReset();
  transferState = TransferState.RECEIVING;
  transferSlot = stagingSlot();
  transferTotalBytes = totalBytes;
  for (let i: usize = 0; i < 32; i += 8) store<u64>(TRANSFER_DIGEST + i, load<u64>(digestPtr + i));
  return Status.OK;
}

/**
 * CHUNK: `length` bytes at dataPtr for file offset `offset`. The offset may repeat bytes already
 * received (a resent chunk) but never leave a gap, and the chunk must end within the file.
 */
export function transferChunk(offset: u32, dataPtr: usize, length: u32): i32 {
  if (transferState == TransferState.NONE || !slotStillStaging()) return Status.TRANSFER_NONE;
  if (offset > transferReceivedBytes || <u64>offset + <u64>length > <u64>transferTotalBytes)
    return Status.TRANSFER_OFFSET;
  const to = slotOffset(transferSlot) + <usize>offset;
  for (let i: u32 = 0; i < length; i++) store<u8>(to + i, load<u8>(dataPtr + i));
  if (length != 0) noteLibraryWrite(to, to + <usize>length);
  if (offset + length > transferReceivedBytes) transferReceivedBytes = offset + length;
  if (transferReceivedBytes == transferTotalBytes) transferState = TransferState.COMPLETE;
  return Status.OK;
}

/**
 * ACTIVATE: every byte received, the file's SHA-256 as announced, then the activation of
 * library-slots.ts. LIBRARY_BUSY keeps the transfer (ACTIVATE again later); any other refusal of
 * the file is logged by the activation (or here, for the digest) and ends the transfer.
 */
export function transferActivate(): i32 {
  if (transferState == TransferState.NONE || !slotStillStaging()) return Status.TRANSFER_NONE;
  if (transferState != TransferState.COMPLETE) return Status.TRANSFER_INCOMPLETE;
  // Busy first: nothing is hashed, logged or discarded while an infusion runs (REQ-SIG-010).
  if (workflowInfusing()) return Status.LIBRARY_BUSY;
  const slot = transferSlot;
  const length = transferTotalBytes;
  sha256(slotOffset(slot), length, COMPUTED_DIGEST);
  if (!digestEquals(COMPUTED_DIGEST, TRANSFER_DIGEST)) {
    transferReset();
    logRejection(Status.TRANSFER_DIGEST, slot, length);
    return Status.TRANSFER_DIGEST;
  }
  const status = activateSlot(slot, length);
  if (status != Status.LIBRARY_BUSY) transferReset();
  return status;
}

/** The transfer's slot never becomes active under it (libraryLoad ends a transfer; this is the guard). */
function slotStillStaging(): bool {
  if (activeSlot() == <i32>transferSlot) {
    transferReset();
    return false;
  }
  return true;
}

function digestEquals(a: usize, b: usize): bool {
  let diff: u64 = 0;
  for (let i: usize = 0; i < 32; i += 8) diff |= load<u64>(a + i) ^ load<u64>(b + i);
  return diff == 0;
}
