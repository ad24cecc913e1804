// The C header of the ABI (docs/release.md §3): every constant and enum of firmware/abi/*.ts as a
// #define, generated from the very modules the firmware and the hosts import, so no C copy is kept
// by hand. A plain constant FOO becomes DERS_FOO; an enum member Status.OK becomes DERS_STATUS_OK.
import * as codes from "../firmware/abi/codes.ts";
import * as entryFlags from "../firmware/abi/entry-flags.ts";
import * as eventTypes from "../firmware/abi/event-types.ts";
import * as getStatusLayout from "../firmware/abi/get-status-layout.ts";
import * as protocolCodes from "../firmware/abi/protocol-codes.ts";
import * as recordLayout from "../firmware/abi/record-layout.ts";
import * as requestLayout from "../firmware/abi/request-layout.ts";
import * as resultLayout from "../firmware/abi/result-layout.ts";
import * as workflowCodes from "../firmware/abi/workflow-codes.ts";
import * as memoryProfiles from "../firmware/abi/memory-profiles.ts";

/** The ABI modules in the order the header lists them (abort.ts holds code, not constants). */
export const ABI_SOURCES: ReadonlyArray<{ file: string; module: Record<string, unknown> }> = [
  { file: "firmware/abi/codes.ts", module: codes },
  { file: "firmware/abi/entry-flags.ts", module: entryFlags },
  { file: "firmware/abi/event-types.ts", module: eventTypes },
  { file: "firmware/abi/get-status-layout.ts", module: getStatusLayout },
  { file: "firmware/abi/protocol-codes.ts", module: protocolCodes },
  { file: "firmware/abi/record-layout.ts", module: recordLayout },
  { file: "firmware/abi/request-layout.ts", module: requestLayout },
  { file: "firmware/abi/result-layout.ts", module: resultLayout },
  { file: "firmware/abi/workflow-codes.ts", module: workflowCodes },
];

export const HEADER_PREFIX = "DERS_";

/**
 * The memory profiles' regions (firmware/abi/memory-profiles.ts): each function `fooOf(profile)`
 * of the table becomes DERS_<PROFILE>_FOO for every profile, e.g. DERS_MCU_MEMORY_PAGES; a C port
 * built for one profile uses that profile's names (firmware/port/Makefile PROFILE=).
 */
export const PROFILE_FUNCTIONS = [
  "memoryPagesOf",
  "memoryBytesOf",
  "librarySlotSizeOf",
  "libraryRegionSizeOf",
  "nvRegionSizeOf",
  "nvHeaderOffsetOf",
  "eventLogOffsetOf",
  "eventLogCapacityOf",
  "eventLogSizeOf",
  "keyRecordOffsetOf",
  "keyRecordBOffsetOf",
  "floorRecordOffsetOf",
  "floorRecordBOffsetOf",
] as const;

/** The constants and enums of memory-profiles.ts, then one define per profile and table function. */
function profileDefines(): AbiDefine[] {
  const file = "firmware/abi/memory-profiles.ts";
  const defines: AbiDefine[] = [];
  const { MemoryProfile, MEMORY_PROFILE_COUNT, WASM_PAGE_BYTES, NV_RECORD_SECTOR_BYTES } = memoryProfiles;
  for (const [name, value] of Object.entries({ MEMORY_PROFILE_COUNT, NV_RECORD_SECTOR_BYTES, WASM_PAGE_BYTES }))
    defines.push({ name: HEADER_PREFIX + name, value, origin: `${file} ${name}` });
  for (const [member, value] of enumMembers(MemoryProfile)!)
    defines.push({
      name: `${HEADER_PREFIX}MEMORY_PROFILE_${member}`,
      value,
      origin: `${file} MemoryProfile.${member}`,
    });
  for (let profile = 0; profile < MEMORY_PROFILE_COUNT; profile++) {
    const prefix = `${HEADER_PREFIX}${memoryProfiles.memoryProfileName(profile).toUpperCase()}_`;
    for (const fn of PROFILE_FUNCTIONS) {
      const name = upperSnake(fn.replace(/Of$/, "").replace(/([A-Z])([A-Z][a-z])/g, "$1_$2"));
      defines.push({ name: prefix + name, value: memoryProfiles[fn](profile), origin: `${file} ${fn}(${profile})` });
    }
  }
  return defines;
}

export interface AbiDefine {
  /** The C macro name, e.g. DERS_STATUS_OK. */
  name: string;
  /** The value as the TS module has it. */
  value: number | string;
  /** Where it comes from, e.g. "firmware/abi/codes.ts Status.OK". */
  origin: string;
}

/** KeyState → KEY_STATE, EventType → EVENT_TYPE. */
function upperSnake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
}

/** A TS enum object: string keys to numbers, plus the reverse mapping numeric keys to names. */
function enumMembers(value: object): [string, number][] | undefined {
  const members: [string, number][] = [];
  for (const [key, member] of Object.entries(value)) {
    if (/^-?\d+$/.test(key)) continue; // reverse mapping
    if (typeof member !== "number") return undefined;
    members.push([key, member]);
  }
  return members;
}

/** Every constant of the ABI modules, file by file, by name (a module namespace lists its names sorted); throws on a name two sources would both define. */
export function abiDefines(): AbiDefine[] {
  const defines: AbiDefine[] = [];
  const seen = new Map<string, string>();
  const add = (define: AbiDefine) => {
    const earlier = seen.get(define.name);
    if (earlier !== undefined)
      throw new Error(`${define.origin} and ${earlier} both become ${define.name}: rename one`);
    seen.set(define.name, define.origin);
    defines.push(define);
  };
  for (const { file, module } of ABI_SOURCES) {
    for (const [name, value] of Object.entries(module)) {
      if (typeof value === "number" || typeof value === "string") {
        add({ name: HEADER_PREFIX + name, value, origin: `${file} ${name}` });
      } else if (typeof value === "object" && value !== null) {
        const members = enumMembers(value);
        if (members === undefined) throw new Error(`${file} ${name}: neither a number, a string nor a numeric enum`);
        for (const [member, memberValue] of members) {
          add({
            name: `${HEADER_PREFIX}${upperSnake(name)}_${member}`,
            value: memberValue,
            origin: `${file} ${name}.${member}`,
          });
        }
      } else {
        throw new Error(`${file} ${name}: a ${typeof value} has no C form; the ABI modules hold constants only`);
      }
    }
  }
  for (const define of profileDefines()) add(define);
  return defines;
}

/** A C literal of the exact value: unsigned 32- or 64-bit for integers, a string literal for text. */
export function cLiteral(value: number | string, origin: string): string {
  if (typeof value === "string") {
    if (!/^[\x20-\x7e]*$/.test(value) || /["\\]/.test(value)) throw new Error(`${origin}: only plain ASCII text`);
    return `"${value}"`;
  }
  if (!Number.isSafeInteger(value)) throw new Error(`${origin}: ${value} is not an exact integer`);
  if (value < 0) {
    if (value < -0x80000000) throw new Error(`${origin}: ${value} is below int32`);
    return `(${value})`;
  }
  return value <= 0xffffffff ? `${value}u` : `UINT64_C(${value})`;
}

/**
 * The header text. buildId, when given, is the release's content-derived id (the wasm's SHA-256);
 * the port builds the header without one (it is built before a release exists).
 */
export function generateAbiHeader(buildId?: string): string {
  const lines = [
    "/*",
    " * open-ders firmware ABI: constants, status codes, memory offsets and byte layouts.",
    " * GENERATED by release/abi-header.ts from the modules in firmware/abi (docs/release.md): do not edit;",
    " * the TypeScript modules are the one definition the firmware and every host share.",
    " */",
    "#ifndef DERS_ABI_H",
    "#define DERS_ABI_H",
    "",
    "#include <stdint.h>",
    "",
  ];
  if (buildId !== undefined) {
    if (!/^[0-9a-f]{64}$/.test(buildId)) throw new Error(`build id ${buildId} is not a SHA-256 in hex`);
    lines.push("/* The release this header belongs to: SHA-256 of its ders.wasm (manifest.json buildId). */");
    lines.push(`#define DERS_RELEASE_BUILD_ID "${buildId}"`, "");
  }
  let file = "";
  for (const define of abiDefines()) {
    const source = define.origin.split(" ")[0];
    if (source !== file) {
      if (file !== "") lines.push("");
      lines.push(`/* ${source} */`);
      file = source;
    }
    lines.push(`#define ${define.name} ${cLiteral(define.value, define.origin)}`);
  }
  lines.push("", "#endif /* DERS_ABI_H */", "");
  return lines.join("\n");
}
