// The report folder (--out) is checked before the target is opened (docs/hil.md §4), so a folder
// that cannot take the reports stops the run at once with exit 2, instead of after every scenario
// has run. The folder is created if missing (with its parents) and must be a directory the runner
// can create a file in; a throw-away file proves it (permission bits alone do not: root ignores
// them, and a read-only mount keeps them).
import { randomBytes } from "node:crypto";
import { closeSync, mkdirSync, openSync, rmdirSync, statfsSync, statSync, unlinkSync } from "node:fs";
import { kindOf } from "../library/compiler/file-kind.ts";
import { dirname, join, resolve } from "node:path";

export class OutDirError extends Error {}

export interface OutDir {
  /** As given with --out. */
  path: string;
  /** Removes the folders this check created, if they are still empty (a run that ends in exit 2). */
  removeCreated(): void;
}

const code = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

// Kernel pseudo file systems (statfs f_type): a report folder there is never a real folder, and
// Node's recursive mkdir loops forever on procfs's ENOENT (`--out /proc/x` hung the runner).
const PSEUDO_FILE_SYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, "proc"],
  [0x62656572, "sysfs"],
  [0x1cd1, "devpts"],
  [0x64626720, "debugfs"],
  [0x74726163, "tracefs"],
  [0x73636673, "securityfs"],
  [0x27e0eb, "cgroup"],
  [0x63677270, "cgroup2"],
  [0xcafe4a11, "bpf"],
  [0x62656570, "configfs"],
  [0x6165676c, "pstore"],
  [0xde5e81e4, "efivarfs"],
]);

/** The nearest existing folder at or above `path`, and the missing folders below it, outermost first. */
function existingAncestor(path: string): { existing: string; missing: string[] } {
  const missing: string[] = [];
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    let stats;
    try {
      stats = statSync(dir);
    } catch (error) {
      if ((code(error) !== "ENOENT" && code(error) !== "ENOTDIR") || dirname(dir) === dir)
        throw new OutDirError(`--out ${path}: cannot use ${dir}: ${code(error)}`);
      missing.unshift(dir);
      continue;
    }
    if (!stats.isDirectory()) {
      if (dir === resolve(path))
        throw new OutDirError(`--out ${path} is not a folder (it is ${kindOf(stats)}): give a folder for the reports`);
      throw new OutDirError(`--out ${path}: ${dir} is ${kindOf(stats)}, not a folder: give a folder for the reports`);
    }
    return { existing: dir, missing };
  }
}

export function prepareOutDir(path: string): OutDir {
  if (path === "") throw new OutDirError('--out needs a folder name, got ""');
  const { existing, missing } = existingAncestor(path);
  const fileSystem = PSEUDO_FILE_SYSTEMS.get(statfsSync(existing).type);
  if (fileSystem !== undefined)
    throw new OutDirError(
      `--out ${path}: ${existing} is on the kernel's ${fileSystem} file system, not a place for files: give a folder on a disk`,
    );
  const created: string[] = [];
  // Innermost first, and only empty folders: rmdir never removes anything but what was made here.
  const removeCreated = (): void => {
    for (const dir of [...created].reverse()) {
      try {
        rmdirSync(dir);
      } catch {
        return;
      }
    }
  };
  // One level at a time (not mkdir's recursive mode), so no file system can make it loop.
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (error) {
      removeCreated();
      throw new OutDirError(`--out ${path}: cannot create the folder ${dir}: ${code(error)}`);
    }
    created.push(dir);
  }
  if (!statSync(path).isDirectory())
    throw new OutDirError(`--out ${path} is not a folder: give a folder for the reports`);
  const probe = join(path, `.hil-write-check.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    closeSync(openSync(probe, "wx"));
    unlinkSync(probe);
  } catch (error) {
    removeCreated();
    throw new OutDirError(`--out ${path}: cannot write into the folder: ${code(error)}`);
  }
  return { path, removeCreated };
}
