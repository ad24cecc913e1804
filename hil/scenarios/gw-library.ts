// The library the GW-0*
// scenarios transfer (issue 13, docs/hil-scenarios.md): the example library (which only its owner
// changes) with external codes added, compiled at version 40 and left unsigned (a development pump,
// no key provisioned, admits it). hil/scenarios/files/make-files.ts writes it with the other scenario
// files; tests/hil/scenario-library-files.test.ts checks that regenerating gives the committed bytes.
//   heparin 1001 (ICU, Med-Surg)   entry "RXN:5224", its 25,000 units / 500 mL "NDC:0409-7620-03"
//   heparin 3040 (Oncology)        entry "FORM:HEP-ONC"
//   norepinephrine 1020 (ICU)      entry "RXN:7512" (4, 8, 16 mg / 250 mL)
//   fentanyl 1041 (Peds, NICU)     entry "FORM:FENT-PED", with a patient band 1–40 kg added
//   dopamine 1091 (NICU)           entry "FORM:DOPA-NICU" (40 mg / 50 mL fixed, and custom)
//   magnesium sulfate 1060         entry "RXN:6585" (g)
//   sodium chloride 0.9% 2001      entry "FORM:NS-0.9" (a fluid)
import { readFileSync } from "node:fs";
import { compileLibrary } from "../library/compiler/compile.ts";

export const ORDERED_LIBRARY_SOURCE = "hil/library/examples/general-hospital.json";
export const ORDERED_LIBRARY_FILE_NAME = "gw-ordered-v40.dersimg";
export const ORDERED_LIBRARY_VERSION = 40;

interface JsonEntry {
  id: number;
  codes?: string[];
  concentrations?: { codes?: string[] }[];
  patientBand?: unknown;
}

/** The example library's JSON with the codes above, at ORDERED_LIBRARY_VERSION. */
export function orderedLibraryJson(): { version: number; entries: JsonEntry[] } {
  const lib = JSON.parse(readFileSync(ORDERED_LIBRARY_SOURCE, "utf8")) as { version: number; entries: JsonEntry[] };
  const entry = (id: number): JsonEntry => {
    const found = lib.entries.find((e) => e.id === id);
    if (found === undefined) throw new Error(`${ORDERED_LIBRARY_SOURCE} has no entry ${id}`);
    return found;
  };
  entry(1001).codes = ["RXN:5224"];
  entry(1001).concentrations![0].codes = ["NDC:0409-7620-03"];
  entry(3040).codes = ["FORM:HEP-ONC"];
  entry(1020).codes = ["RXN:7512"];
  entry(1041).codes = ["FORM:FENT-PED"];
  entry(1041).patientBand = { weight: { unit: "kg", min: "1", max: "40" } };
  entry(1091).codes = ["FORM:DOPA-NICU"];
  entry(1060).codes = ["RXN:6585"];
  entry(2001).codes = ["FORM:NS-0.9"];
  lib.version = ORDERED_LIBRARY_VERSION;
  return lib;
}

export function orderedLibraryImage(): Uint8Array {
  const result = compileLibrary(orderedLibraryJson());
  if (!result.ok) throw new Error(`ordered library: ${JSON.stringify(result.errors)}`);
  return result.image;
}
