// Where the virtual pump keeps its non-volatile bytes between power cycles: in memory, and also in
// a file when a path is given (written whole, through a temporary file and a rename, so a crash of
// the host leaves the previous snapshot or the new one, never a mix).
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { NV_REGION_SIZE } from "../../firmware/abi/codes.ts";

export class NvStore {
  private snapshot: Uint8Array | undefined;
  /** A forgotten snapshot's buffer, zeroed and used again by the next save (no 4 MiB allocation). */
  private spare: Uint8Array | undefined;

  constructor(private readonly filePath?: string) {
    if (filePath !== undefined && existsSync(filePath)) {
      const bytes = new Uint8Array(readFileSync(filePath));
      if (bytes.length !== NV_REGION_SIZE) {
        throw new Error(`NV snapshot ${filePath} is ${bytes.length} bytes, expected ${NV_REGION_SIZE}: delete it to start with a blank pump`);
      }
      this.snapshot = bytes;
    }
  }

  /** The last saved bytes (a copy), or undefined for a pump that never ran. */
  load(): Uint8Array | undefined {
    return this.snapshot?.slice();
  }

  /** Saves [start, end) of the region from `nv` (the rest of the snapshot is kept). */
  save(nv: Uint8Array, start = 0, end = NV_REGION_SIZE): void {
    if (this.snapshot === undefined) {
      this.snapshot = this.spare?.fill(0) ?? new Uint8Array(NV_REGION_SIZE);
      this.spare = undefined;
    }
    this.snapshot.set(nv.subarray(start, end), start);
    if (this.filePath !== undefined) {
      writeFileSync(`${this.filePath}.tmp`, this.snapshot);
      renameSync(`${this.filePath}.tmp`, this.filePath);
    }
  }

  /** A blank pump from now on, as if it never ran (in memory only: a state file is left alone). */
  forget(): void {
    if (this.filePath !== undefined) throw new Error("forget() is for in-memory NV only: a state file is the user's");
    this.spare = this.snapshot ?? this.spare;
    this.snapshot = undefined;
  }

  /** Replaces the snapshot outright (tests: corrupt or rewind what the pump will find at power-on). */
  replace(bytes: Uint8Array): void {
    if (bytes.length !== NV_REGION_SIZE) throw new Error(`NV snapshot must be ${NV_REGION_SIZE} bytes, got ${bytes.length}`);
    this.snapshot = bytes.slice();
    if (this.filePath !== undefined) writeFileSync(this.filePath, this.snapshot);
  }
}
