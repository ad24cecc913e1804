// The release ABI (docs/abi.md §3): wiring only. Request → engine/checks → engine/derive →
// engine/parameters (limits/classify) → result buffer; libraryLoad → library/verify → library/state.
import "./abi/abort";
import { ABI_VERSION, LIBRARY_REGION_OFFSET, LIBRARY_REGION_SIZE, REQUEST_OFFSET, RESULT_OFFSET } from "./abi/codes";
import { evaluateRequest } from "./engine/evaluate";
import { loadLibrary } from "./library/load";
import { activeCareAreaCount, activeEntryCount, activeLibraryVersion, deactivateLibrary } from "./library/state";

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

/** Resets the engine: no library active. */
export function init(): i32 {
  deactivateLibrary();
  return 0;
}

/** Verifies the image in the library region and activates it; returns a status. */
export function libraryLoad(lengthBytes: i32): i32 {
  return loadLibrary(<u32>lengthBytes);
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
