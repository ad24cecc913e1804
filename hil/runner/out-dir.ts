// The report folder (--out) is checked before the target is opened (docs/hil.md §4), so a folder
// that cannot take the reports stops the run at once with exit 2, instead of after every scenario
// has run. The folder is created if missing (with its parents) and must be a directory the runner
// can create a file in; a throw-away file proves it (permission bits alone do not: root ignores
// them, and a read-only mount keeps them).
import { randomBytes } from "node:crypto";
import { closeSync, mkdirSync, openSync, rmdirSync, statSync, unlinkSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

export class OutDirError extends Error {}

export interface OutDir {
  /** As given with --out. */
  path: string;
  /** Removes the folders this check created, if they are still empty (a run that ends in exit 2). */
  removeCreated(): void;
}

const code = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

export function prepareOutDir(path: string): OutDir {
  if (path === "") throw new OutDirError('--out needs a folder name, got ""');
  let created: string | undefined;
  try {
    created = mkdirSync(path, { recursive: true });
  } catch (error) {
    if (code(error) === "EEXIST") throw new OutDirError(`--out ${path} is not a folder: give a folder for the reports`);
    throw new OutDirError(`--out ${path}: cannot create the folder: ${code(error)}`);
  }
  const removeCreated = (): void => {
    if (created === undefined) return;
    const top = resolve(created);
    // Innermost first, and only empty folders: rmdir never removes anything but what was made here.
    for (let dir = resolve(path); ; dir = dirname(dir)) {
      try {
        rmdirSync(dir);
      } catch {
        return;
      }
      if (dir === top) return;
    }
  };
  if (!statSync(path).isDirectory()) throw new OutDirError(`--out ${path} is not a folder: give a folder for the reports`);
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
