// The example library with external codes (issue 13), shared with the GW-0* scenarios: defined once
// in hil/scenarios/gw-library.ts (the example library itself is not ours to change).
export { orderedLibraryImage, orderedLibraryJson } from "../../hil/scenarios/gw-library.ts";
