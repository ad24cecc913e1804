// The few file operations the NV state file needs, behind one narrow interface so that a unit test
// can count the bytes written or point a write at /dev/full (a real ENOSPC, also for root). The
// pump itself always uses nodeNvFs: real files, real fsync.
import {
  closeSync,
  constants,
  fsyncSync,
  linkSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
  type Stats,
} from "node:fs";

export interface NvFs {
  open(path: string, flags: number, mode?: number): number;
  /** Writes all of `bytes` at `position` (null: at the file position). */
  write(fd: number, bytes: Uint8Array, position: number | null): void;
  fsync(fd: number): void;
  close(fd: number): void;
  rename(from: string, to: string): void;
  unlink(path: string): void;
  link(existing: string, newPath: string): void;
  readFile(path: string): Uint8Array;
  readdir(path: string): string[];
  /** Undefined when nothing is at `path`. */
  lstat(path: string): Stats | undefined;
}

export const OPEN = constants;

export const nodeNvFs: NvFs = {
  open: (path, flags, mode) => openSync(path, flags, mode),
  write: (fd, bytes, position) => {
    // writeSync may write less than asked (a signal, a nearly full disk): go on until all is out.
    for (let done = 0; done < bytes.length;) {
      done += writeSync(fd, bytes, done, bytes.length - done, position === null ? null : position + done);
    }
  },
  fsync: (fd) => fsyncSync(fd),
  close: (fd) => closeSync(fd),
  rename: (from, to) => renameSync(from, to),
  unlink: (path) => unlinkSync(path),
  link: (existing, newPath) => linkSync(existing, newPath),
  readFile: (path) => readFileSync(path),
  readdir: (path) => readdirSync(path),
  lstat: (path) => {
    try {
      return lstatSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  },
};

export const errorCode = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

/** fsync of a folder: makes a rename or a new name in it durable (Linux, macOS). */
export function fsyncFolder(fs: NvFs, folder: string): void {
  const fd = fs.open(folder, OPEN.O_RDONLY);
  try {
    fs.fsync(fd);
  } finally {
    fs.close(fd);
  }
}
