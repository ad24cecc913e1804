// HELLO's build id, derived from the binary (issue 12 §5, docs/release.md §5): the compiler leaves
// BUILD_ID_PLACEHOLDER in the 16-byte field; `npm run build:firmware` stamps each binary with
// `<FIRMWARE_VERSION>+<hex>`, the hex being the start of the SHA-256 of the binary as compiled (the
// placeholder still in it). Anyone holding a binary checks its id by writing the placeholder back
// over the id and hashing. CLI: tsx release/build-id.ts stamp <file.wasm>...
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { BUILD_ID_PLACEHOLDER, FIRMWARE_VERSION } from "../firmware/abi/codes.ts";
import { BUILD_ID_SIZE } from "../firmware/abi/protocol-codes.ts";

const HEX_DIGITS = BUILD_ID_SIZE - FIRMWARE_VERSION.length - 1;
const ID_PATTERN = new RegExp(`${FIRMWARE_VERSION.replace(/\./g, "\\.")}\\+[0-9a-f]{${HEX_DIGITS}}`, "g");

function occurrences(haystack: Buffer, needle: string): number[] {
  const at: number[] = [];
  for (let i = haystack.indexOf(needle, 0, "latin1"); i >= 0; i = haystack.indexOf(needle, i + 1, "latin1")) at.push(i);
  return at;
}

/** The id of a binary as compiled (placeholder in place). */
export function buildIdOf(compiled: Uint8Array): string {
  return `${FIRMWARE_VERSION}+${createHash("sha256").update(compiled).digest("hex").slice(0, HEX_DIGITS)}`;
}

/** The stamped binary; throws unless the placeholder occurs exactly once. */
export function stampBuildId(compiled: Uint8Array, name = "the module"): Uint8Array {
  const bytes = Buffer.from(compiled);
  const at = occurrences(bytes, BUILD_ID_PLACEHOLDER);
  if (at.length !== 1)
    throw new Error(
      `${name}: the build id placeholder ${JSON.stringify(BUILD_ID_PLACEHOLDER)} occurs ${at.length} times, not once (already stamped, or firmware/protocol/commands/hello.ts changed)`,
    );
  const stamped = Buffer.from(bytes);
  stamped.write(buildIdOf(bytes), at[0]!, "latin1");
  return new Uint8Array(stamped);
}

/** The build id a stamped binary reports in HELLO; throws unless exactly one is found and it checks. */
export function readBuildId(stamped: Uint8Array): string {
  const bytes = Buffer.from(stamped);
  const found = [...bytes.toString("latin1").matchAll(ID_PATTERN)];
  if (found.length !== 1) throw new Error(`expected one stamped build id in the module, found ${found.length}`);
  const id = found[0]![0];
  const compiled = Buffer.from(bytes);
  compiled.write(BUILD_ID_PLACEHOLDER, found[0]!.index!, "latin1");
  if (buildIdOf(compiled) !== id)
    throw new Error(`the module's build id ${id} is not its own (${buildIdOf(compiled)})`);
  return id;
}

if (process.argv[1]?.endsWith("build-id.ts")) {
  const [command, ...files] = process.argv.slice(2);
  if (command !== "stamp" || files.length === 0) {
    process.stderr.write("usage: tsx release/build-id.ts stamp <file.wasm>...\n");
    process.exit(2);
  }
  for (const file of files) {
    const stamped = stampBuildId(readFileSync(file), file);
    writeFileSync(file, stamped);
    process.stdout.write(`${file}: build id ${readBuildId(stamped)}\n`);
  }
}
