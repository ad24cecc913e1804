// The module the protocol tests drive: the release ABI (firmware/index.ts, so receive/transmit,
// init's cold start and the event log are the real ones) plus probes for CRC-32, COBS and event
// frames. Compiled from a virtual entry with the release options of asconfig.json, cached in the
// OS temp directory by a hash of every firmware source, so it is never stale and built once per run.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import asc from "assemblyscript/asc";
import { stampBuildId } from "../../release/build-id.ts";
import { profileCompileArgs } from "../../release/build-firmware.ts";
import { PROFILE } from "../support/profile.ts";

const ENTRY = "tests/protocol/protocol-probe-entry.ts";
const ENTRY_SOURCE = `
export * from "../../firmware/index";
import { crc32 } from "../../firmware/crypto/crc32";
import { cobsDecode, cobsEncode } from "../../firmware/protocol/cobs";
import { queueEventFrame } from "../../firmware/protocol/events";

export function probeCrc32(dataPtr: i32, lengthBytes: i32): i32 {
  return <i32>crc32(<usize>dataPtr, <u32>lengthBytes);
}
export function probeCobsEncode(srcPtr: i32, srcLength: i32, dstPtr: i32): i32 {
  return <i32>cobsEncode(<usize>srcPtr, <u32>srcLength, <usize>dstPtr);
}
export function probeCobsDecode(srcPtr: i32, srcLength: i32, dstPtr: i32, dstCapacity: i32): i32 {
  return cobsDecode(<usize>srcPtr, <u32>srcLength, <usize>dstPtr, <u32>dstCapacity);
}
export function probeQueueEvent(recordPtr: i32): void {
  queueEventFrame(<usize>recordPtr);
}
`;

function sourcesDigest(): string {
  const hash = createHash("sha256")
    .update(ENTRY_SOURCE)
    .update(profileCompileArgs(PROFILE).join(" "))
    .update(readFileSync("asconfig.json"))
    .update(readFileSync("release/build-id.ts"));
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith(".ts")) hash.update(path).update(readFileSync(path));
    }
  };
  walk("firmware");
  return hash.digest("hex").slice(0, 16);
}

async function compile(outFile: string): Promise<void> {
  const config = JSON.parse(readFileSync("asconfig.json", "utf8")) as { options: Record<string, unknown> };
  const o = config.options;
  const args = [
    ENTRY,
    "--config",
    "/dev/null",
    "--outFile",
    outFile,
    "--runtime",
    String(o.runtime),
    "--use",
    (o.use as string[]).join(","),
    "--disable",
    (o.disable as string[]).join(","),
    // The profile the suite runs on (tests/support/profile.ts): its id and page count, as the build passes them.
    ...profileCompileArgs(PROFILE),
    "--memoryBase",
    String(o.memoryBase),
    "--optimizeLevel",
    "3",
    "--shrinkLevel",
    "1",
    "--converge",
    "--noAssert",
  ];
  const stderr: string[] = [];
  const { error } = await asc.main(args, {
    readFile: (name: string, baseDir: string) => {
      if (name === ENTRY || join(baseDir, name) === ENTRY) return ENTRY_SOURCE;
      const path = join(baseDir, name);
      return existsSync(path) ? readFileSync(path, "utf8") : null;
    },
    stderr: {
      write: (text: string | Uint8Array) => {
        stderr.push(String(text));
        return true;
      },
    } as never,
  });
  if (error) throw new Error(`protocol test module does not compile: ${error.message}\n${stderr.join("")}`);
  // As npm run build:firmware does: HELLO reports the binary's own build id (release/build-id.ts).
  writeFileSync(outFile, stampBuildId(readFileSync(outFile), outFile));
}

/** Path of the compiled probe module, built on first use. */
export async function protocolModulePath(): Promise<string> {
  const path = join(tmpdir(), `ders-protocol-probe-${sourcesDigest()}.wasm`);
  if (!existsSync(path)) {
    const partial = `${path}.${process.pid}.partial`;
    await compile(partial);
    renameSync(partial, path); // atomic: a parallel worker never reads half a module
  }
  return path;
}

export async function protocolModuleBytes(): Promise<Uint8Array> {
  return readFileSync(await protocolModulePath());
}
