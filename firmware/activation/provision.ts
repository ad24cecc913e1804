// provisionPublicKey() (docs/host-contract.md §10): the factory or a service writes the pump's
// Ed25519 public key once. From then on only images signed with it are admitted; the active
// library must pass that policy at once too, or it is dropped (logged after KEY_PROVISIONED).
import { KeyState, Status } from "../abi/codes";
import { logBlockRecord } from "../eventlog/append";
import { EventType } from "../abi/event-types";
import { resetWorkflow, workflowInfusing } from "../workflow/infusion";
import { libraryLengthBytes, librarySlot } from "../nv/header";
import { keyState, PROVISIONED_KEY, provisionKey } from "../nv/key-record";
import { logRejection, readmitActiveLibrary } from "./library-slots";

/** Provisions the 32-byte key at keyPtr; a status (abi.md §6). Refused while infusing: it may drop the library. */
export function provisionPublicKey(keyPtr: usize): i32 {
  if (workflowInfusing()) return Status.LIBRARY_BUSY;
  const wasProvisioned = keyState() == KeyState.PROVISIONED;
  const status = provisionKey(keyPtr);
  if (status != Status.OK || wasProvisioned) return status; // refused, or the same key again: nothing new
  const droppedLength = libraryLengthBytes;
  const droppedSlot = librarySlot;
  const readmitted = readmitActiveLibrary();
  // A dropped library takes the selections and any pending program with it (checked against it).
  if (readmitted != Status.OK) resetWorkflow();
  logBlockRecord(EventType.KEY_PROVISIONED, Status.OK, PROVISIONED_KEY, 0, 0);
  if (readmitted != Status.OK) logRejection(readmitted, droppedSlot, droppedLength);
  return Status.OK;
}
