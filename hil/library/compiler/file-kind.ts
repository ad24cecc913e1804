// What a path names, checked before a tool reads or replaces it (REQ-LC-026). A FIFO or a
// character device as an input never ends (reading waits for a writer, /dev/zero never ends);
// as an output, the atomic rename would replace the FIFO, the device node or a symlink with a
// regular file (as root, `-o /dev/full` replaced the device). Only regular files are read, and an
// output is a regular file or does not exist yet.
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, statSync, type Stats } from "node:fs";

/** "a FIFO", "a character device", ... for messages. */
export function kindOf(stats: Stats): string {
  if (stats.isFile()) return "a regular file";
  if (stats.isDirectory()) return "a folder";
  if (stats.isFIFO()) return "a FIFO (named pipe)";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isSocket()) return "a socket";
  if (stats.isSymbolicLink()) return "a symbolic link";
  return "not a regular file";
}

/** An input path that is not a regular file: the message says what it is. */
export class FileKindError extends Error {}

/**
 * Reads a regular file whole. Opened non-blocking, so a FIFO swapped in after the check cannot
 * hang the open, and its kind is checked again on the open descriptor.
 */
export function readRegularFile(path: string): Buffer {
  const before = statSync(path);
  if (!before.isFile()) throw new FileKindError(`it is ${kindOf(before)}, not a regular file; give a file`);
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new FileKindError(`it is ${kindOf(stats)}, not a regular file; give a file`);
    const chunks: Buffer[] = [];
    for (;;) {
      const chunk = Buffer.alloc(64 * 1024);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
    }
    return Buffer.concat(chunks);
  } finally {
    closeSync(fd);
  }
}

/** Throws unless `path` is a regular file (not a link to one) or does not exist, so a rename onto it replaces nothing else. */
export function checkOutputPath(path: string): void {
  let stats: Stats;
  try {
    stats = lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  if (stats.isFile()) return;
  if (stats.isSymbolicLink()) {
    let target: string;
    try {
      target = kindOf(statSync(path));
    } catch {
      target = "nothing (a dangling link)";
    }
    throw new FileKindError(
      `it is a symbolic link to ${target}; the write would replace the link: give the real path or remove the link`,
    );
  }
  throw new FileKindError(`it is ${kindOf(stats)}, not a regular file; the write would replace it: give a file path`);
}
