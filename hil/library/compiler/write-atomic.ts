// Writes a file so that it either appears complete or not at all (REQ-LIB-009): the bytes go to a
// temporary file in the same directory (same file system, so rename is atomic), are flushed, and
// only then renamed over the target. On failure the temporary file is removed. The target must be a
// regular file or absent (file-kind.ts).
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { randomBytes } from "node:crypto";
import { checkOutputPath } from "./file-kind.ts";

export function writeFileAtomic(path: string, data: Uint8Array): void {
  checkOutputPath(path); // a FIFO, device or symlink is refused, never replaced by the rename
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, "wx");
    let written = 0;
    while (written < data.length) written += writeSync(fd, data, written, data.length - written);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
}
