// The release kit (docs/release.md): dist/ with the release module, its manifest, the generated C
// header, the C port's sources, the documents a device engineer needs and the licence. Every byte
// comes from the repository or the module: no time, host name or path, and files in sorted order,
// so two runs from the same commit write identical bytes (REQ-PORT-008).
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { generateAbiHeader } from "./abi-header.ts";
import { releaseManifest, type ProfileModule, type ReleaseManifest } from "./manifest.ts";
import { firmwareFileName, MEMORY_PROFILE_COUNT, MemoryProfile } from "../firmware/abi/memory-profiles.ts";

/** The documents copied into dist/docs/, as the port and a host need them. */
export const KIT_DOCS = [
  "docs/release.md",
  "docs/abi.md",
  "docs/host-contract.md",
  "docs/mcu-port.md",
  "docs/protocol.md",
  "docs/event-log.md",
  "docs/library-image.md",
  "docs/units.md",
  "docs/decisions/0026-c-port-runtime.md",
] as const;

/** Folders copied whole (sorted, every file): the reference C port. */
export const KIT_TREES = ["firmware/port"] as const;

export const MANIFEST_FILE = "manifest.json";
export const SUMS_FILE = "SHA256SUMS";
export const HEADER_FILE = "include/ders-abi.h";
/** The standard profile's module; every profile's is firmwareFileName(profile, "") (ders.mcu.wasm). */
export const WASM_FILE = firmwareFileName(MemoryProfile.STANDARD, "");

export interface ReleaseOptions {
  /** The repository root. */
  root: string;
  /**
   * The standard profile's release module, normally <root>/build/ders.wasm; the other profiles'
   * modules are taken from the same folder by their names (build/ders.mcu.wasm).
   */
  wasmPath: string;
  /** Where the kit goes; emptied first. */
  outDir: string;
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function filesUnder(root: string, folder: string): string[] {
  const found: string[] = [];
  const walk = (path: string) => {
    for (const name of readdirSync(join(root, path)).sort()) {
      const child = `${path}/${name}`;
      if (statSync(join(root, child)).isDirectory()) walk(child);
      else found.push(child);
    }
  };
  walk(folder);
  return found;
}

/** Writes the kit and returns its manifest. Throws, writing nothing, when an input is missing. */
export function writeRelease(options: ReleaseOptions): ReleaseManifest {
  const { root, wasmPath, outDir } = options;
  const read = (path: string, hint = "it belongs to the kit: restore it from git") => {
    try {
      return readFileSync(path);
    } catch {
      throw new Error(`${relative(root, path) || path}: cannot read it; ${hint}`);
    }
  };
  const modules: ProfileModule[] = [];
  for (let profile = 0; profile < MEMORY_PROFILE_COUNT; profile++) {
    const path = profile === MemoryProfile.STANDARD ? wasmPath : join(dirname(wasmPath), firmwareFileName(profile, ""));
    const wasm = read(path, "build the module first (npm run build:firmware), or use npm run release");
    modules.push({ profile, wasm, wasmFile: firmwareFileName(profile, "") });
  }
  const buildId = sha256Hex(modules[0]!.wasm);
  const files = new Map<string, Uint8Array>();
  for (const module of modules) files.set(module.wasmFile, module.wasm);
  files.set(HEADER_FILE, Buffer.from(generateAbiHeader(buildId)));
  files.set("LICENSE", read(join(root, "LICENSE")));
  for (const doc of KIT_DOCS) files.set(doc, read(join(root, doc)));
  for (const tree of KIT_TREES) {
    for (const path of filesUnder(root, tree)) files.set(path.replace(/^firmware\//, ""), read(join(root, path)));
  }
  const packageJson = JSON.parse(read(join(root, "package.json")).toString("utf8")) as {
    version: string;
    license: string;
  };
  const manifest = releaseManifest({
    version: packageJson.version,
    license: packageJson.license,
    modules,
    headerFile: HEADER_FILE,
    files,
  });
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  files.set(MANIFEST_FILE, Buffer.from(manifestText));
  const sums = [...files.keys()]
    .sort()
    .map((path) => `${sha256Hex(files.get(path)!)}  ${path}\n`)
    .join("");
  files.set(SUMS_FILE, Buffer.from(sums));

  rmSync(outDir, { recursive: true, force: true });
  for (const path of [...files.keys()].sort()) {
    const target = join(outDir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, files.get(path)!);
  }
  return manifest;
}
