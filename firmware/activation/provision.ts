// provisionPublicKey() (docs/host-contract.md §10): the factory or a service writes the pump's
// Ed25519 public key once. From then on only images signed with it are admitted; the active
// library must pass that policy at once too, or it is dropped (logged after KEY_PROVISIONED).
// A pump whose key record is damaged takes a key only after a service erased the key area; that
// KEY_PROVISIONED record says so (detail AFTER_SERVICE_ERASE), and the floor is kept throughout.
import { KeyState, Status } from "../abi/codes";
import { logBlockRecord } from "../eventlog/append";
import { EventType, KeyProvisionedDetail } from "../abi/event-types";
import { storeFloorRecords } from "../nv/floor-record";
import { resetWorkflow, workflowInfusing } from "../workflow/infusion";
import { libraryLengthBytes, librarySlot, setKeyProvisionedMark, versionFloor } from "../nv/header";
import { keyState, PROVISIONED_KEY, provisionKey } from "../nv/key-record";
import { logRejection, readmitActiveLibrary } from "./library-slots";

/** Provisions the 32-byte key at keyPtr; a status (abi.md §6). Refused while infusing: it may drop the library. */
export function provisionPublicKey(keyPtr: usize): i32 {
  if (workflowInfusing()) return Status.LIBRARY_BUSY;
  const before = keyState();
  const status = provisionKey(keyPtr);
  if (status != Status.OK || before == KeyState.PROVISIONED) return status; // refused, or the same key again: nothing new
  setKeyProvisionedMark();
  const droppedLength = libraryLengthBytes;
  const droppedSlot = librarySlot;
  const readmitted = readmitActiveLibrary();
  // A dropped library takes the selections and any pending program with it (checked against it).
  if (readmitted != Status.OK) resetWorkflow();
  const detail = before == KeyState.DAMAGED ? KeyProvisionedDetail.AFTER_SERVICE_ERASE : KeyProvisionedDetail.FIRST;
  logBlockRecord(EventType.KEY_PROVISIONED, Status.OK, PROVISIONED_KEY, 0, detail);
  if (readmitted != Status.OK) logRejection(readmitted, droppedSlot, droppedLength);
  // After the commit that carries mark and floor in the header: the floor records follow.
  storeFloorRecords(versionFloor, true);
  return Status.OK;
}
