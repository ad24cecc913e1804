// Where the virtual pump keeps its non-volatile bytes between power cycles: in memory, and also in
// a state file when a path is given. The file is the pump's own (an exclusive lock, nv-lock.ts);
// it is created whole once (unique temporary name, fsync, rename, fsync of the folder), and from
// then on every save writes only the bytes that changed, crash-safe through a redo journal
// (nv-journal.ts; the argument is in docs/decisions/0013-nv-state-file.md). A save that fails
// throws NvSaveError and keeps what it could not write pending: the next save writes it too.
import { randomBytes } from "node:crypto";
import { basename, dirname, join } from "node:path";
import { layoutOfNvSize, nvSizesText } from "../host/memory-layout.ts";
import { errorCode, fsyncFolder, nodeNvFs, OPEN, type NvFs } from "./nv-fs.ts";
import { changedRanges, decodeJournal, encodeJournal, unionOf, type ByteRange } from "./nv-journal.ts";
import { acquireLock, releaseLock } from "./nv-lock.ts";

export class NvSaveError extends Error {
  constructor(
    readonly statePath: string,
    cause: unknown,
  ) {
    super(`cannot save the NV region to ${statePath}: ${errorCode(cause)}`, { cause });
  }
}

export interface NvStoreOptions {
  /** Test-only: the file operations (default: node:fs). */
  fs?: NvFs;
}

/**
 * Why `path` cannot be a state file, or undefined: it must be a regular file of one NV region, or
 * not exist yet in an existing folder. A symbolic link is refused: two names for one file would
 * get two locks.
 */
export function statePathProblem(path: string, fs: NvFs = nodeNvFs): string | undefined {
  const stat = fs.lstat(path);
  if (stat === undefined) {
    const folder = dirname(path);
    const folderStat = fs.lstat(folder);
    if (folderStat === undefined) return `${path}: the folder ${folder} does not exist: create it first`;
    if (!folderStat.isDirectory() && !folderStat.isSymbolicLink()) return `${path}: ${folder} is not a folder`;
    return undefined;
  }
  if (stat.isSymbolicLink()) return `${path} is a symbolic link: give the path of the state file itself`;
  if (stat.isDirectory()) return `${path} is a folder: give a file path, e.g. ${join(path, "pump.nv")}`;
  if (!stat.isFile()) return `${path} is not a regular file`;
  if (layoutOfNvSize(stat.size) === undefined)
    return `${path} is ${stat.size} bytes, not an NV snapshot of ${nvSizesText()} bytes: give a new path or delete it`;
  return undefined;
}

export class NvStore {
  private snapshot: Uint8Array | undefined;
  /** A forgotten snapshot's buffer, zeroed and used again by the next save (no 4 MiB allocation). */
  private spare: Uint8Array | undefined;
  private readonly fs: NvFs;
  private readonly lockPath: string | undefined;
  /** The state file, open for in-place writes once it exists. */
  private fd: number | undefined;
  /** Ranges a failed save did not make durable: part of the next save whatever it covers. */
  private pending: ByteRange[] = [];
  private closed = false;

  constructor(
    private readonly filePath?: string,
    options: NvStoreOptions = {},
  ) {
    this.fs = options.fs ?? nodeNvFs;
    if (filePath === undefined) return;
    const problem = statePathProblem(filePath, this.fs);
    if (problem !== undefined) throw new Error(`NV state file ${problem}`);
    this.lockPath = acquireLock(this.fs, filePath);
    try {
      this.removeStaleTemporaries();
      this.recover();
    } catch (error) {
      this.close();
      throw error;
    }
  }

  /** The last saved bytes (a copy), or undefined for a pump that never ran. */
  load(): Uint8Array | undefined {
    return this.snapshot?.slice();
  }

  /**
   * The size of the NV region saved, or undefined before the first save: the store takes it from
   * what it is given (a memory profile's NV region, docs/abi.md §2.1) and its host checks it.
   */
  get regionSize(): number | undefined {
    return this.snapshot?.length;
  }

  /**
   * Saves [start, end) of the region from `nv` (the whole live region, whose length is the NV
   * region's size), by default all of it (the rest of the snapshot is kept).
   */
  save(nv: Uint8Array, start = 0, end = nv.length): void {
    if (this.snapshot !== undefined && nv.length !== this.snapshot.length)
      throw new Error(
        `NV region of ${nv.length} bytes saved over a snapshot of ${this.snapshot.length}: another profile`,
      );
    if (this.filePath === undefined) {
      if (this.snapshot === undefined) {
        this.snapshot = this.spare?.length === nv.length ? this.spare.fill(0) : new Uint8Array(nv.length);
        this.spare = undefined;
      }
      this.snapshot.set(nv.subarray(start, end), start);
      return;
    }
    if (this.closed) throw new Error(`NV state file ${this.filePath} is closed: its pump is gone`);
    if (this.fd === undefined) return this.create(nv);
    const ranges = unionOf([...changedRanges(this.snapshot!, nv, start, end), ...this.pending]);
    if (ranges.length === 0) return;
    try {
      this.writeJournal(encodeJournal(ranges, nv));
      for (const { start: from, end: to } of ranges) this.fs.write(this.fd, nv.subarray(from, to), from);
      this.fs.fsync(this.fd);
      // The journal is now redundant. Its removal needs no fsync: replayed after a crash it writes
      // what the file already holds, and the next save renames a newer journal over it first.
      this.fs.unlink(this.journalPath);
    } catch (error) {
      this.pending = ranges;
      throw new NvSaveError(this.filePath, error);
    }
    this.pending = [];
    for (const { start: from, end: to } of ranges) this.snapshot!.set(nv.subarray(from, to), from);
  }

  /** A blank pump from now on, as if it never ran (in memory only: a state file is left alone). */
  forget(): void {
    if (this.filePath !== undefined) throw new Error("forget() is for in-memory NV only: a state file is the user's");
    this.spare = this.snapshot ?? this.spare;
    this.snapshot = undefined;
  }

  /** Replaces the snapshot outright (tests: corrupt or rewind what the pump will find at power-on). */
  replace(bytes: Uint8Array): void {
    if (layoutOfNvSize(bytes.length) === undefined)
      throw new Error(`NV snapshot must be ${nvSizesText()} bytes, got ${bytes.length}`);
    if (this.filePath !== undefined) return this.save(bytes);
    this.snapshot = bytes.slice();
  }

  /** Closes the state file and releases its lock (the pump is gone; saving again throws). */
  close(): void {
    this.closed = true;
    if (this.fd !== undefined) this.fs.close(this.fd);
    this.fd = undefined;
    if (this.lockPath !== undefined) releaseLock(this.fs, this.lockPath);
  }

  private get journalPath(): string {
    return `${this.filePath}.journal`;
  }

  private temporaryPath(kind: string): string {
    return `${this.filePath}.${kind}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  }

  /** The first save: the whole file at once, so a crash leaves no file or a complete one. */
  private create(nv: Uint8Array): void {
    const path = this.filePath!;
    try {
      this.writeDurably(path, nv);
      this.fd = this.fs.open(path, OPEN.O_RDWR);
    } catch (error) {
      throw new NvSaveError(path, error);
    }
    this.snapshot = nv.slice();
    this.pending = [];
  }

  /** Writes a unique temporary file, fsyncs it, renames it to `path`, fsyncs the folder. */
  private writeDurably(path: string, bytes: Uint8Array): void {
    const temporary = this.temporaryPath(path === this.journalPath ? "journal" : "new");
    try {
      const fd = this.fs.open(temporary, OPEN.O_WRONLY | OPEN.O_CREAT | OPEN.O_EXCL, 0o644);
      try {
        this.fs.write(fd, bytes, 0);
        this.fs.fsync(fd);
      } finally {
        this.fs.close(fd);
      }
      this.fs.rename(temporary, path);
    } catch (error) {
      try {
        this.fs.unlink(temporary);
      } catch {
        // It may not exist (the open failed), or the folder is gone: the next open clears leftovers.
      }
      throw error;
    }
    fsyncFolder(this.fs, dirname(path));
  }

  private writeJournal(journal: Uint8Array): void {
    this.writeDurably(this.journalPath, journal);
  }

  /** Reads the file, first finishing a save a crash interrupted (a sealed journal is applied again). */
  private recover(): void {
    const path = this.filePath!;
    if (this.fs.lstat(path) === undefined) {
      if (this.fs.lstat(this.journalPath) !== undefined) this.fs.unlink(this.journalPath); // no file: the journal belongs to none
      return;
    }
    this.fd = this.fs.open(path, OPEN.O_RDWR);
    if (this.fs.lstat(this.journalPath) !== undefined) {
      const entries = decodeJournal(this.fs.readFile(this.journalPath), this.fs.lstat(path)!.size);
      if (entries !== undefined) {
        for (const { range, bytes } of entries) this.fs.write(this.fd, bytes, range.start);
        this.fs.fsync(this.fd);
      }
      this.fs.unlink(this.journalPath);
      fsyncFolder(this.fs, dirname(path));
    }
    const bytes = new Uint8Array(this.fs.readFile(path));
    if (layoutOfNvSize(bytes.length) === undefined) {
      throw new Error(
        `NV state file ${path} is ${bytes.length} bytes, expected ${nvSizesText()}: delete it to start with a blank pump`,
      );
    }
    this.snapshot = bytes;
  }

  /** Temporary files of this state file left by a crash: ours to remove, as we hold its lock. */
  private removeStaleTemporaries(): void {
    const folder = dirname(this.filePath!);
    const name = basename(this.filePath!);
    for (const entry of this.fs.readdir(folder)) {
      if (!entry.endsWith(".tmp") || !(entry.startsWith(`${name}.new.`) || entry.startsWith(`${name}.journal.`)))
        continue;
      try {
        this.fs.unlink(join(folder, entry));
      } catch (error) {
        if (errorCode(error) !== "ENOENT") throw error;
      }
    }
  }
}
