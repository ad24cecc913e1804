// One pump per NV state file: `<state>.lock` holds the owner's pid. It appears atomically with its
// content (written to a unique temporary name, then link()ed, which fails if the name exists, like
// O_EXCL). A lock whose pid no longer runs is stale (the owner was killed) and is broken once.
// Known limits (docs/decisions/0013-nv-state-file.md): pids are per host and per pid namespace, so
// two containers sharing a folder are not told apart, and a reused pid keeps a stale lock alive
// until the file is deleted by hand (the error message says so).
import { randomBytes } from "node:crypto";
import { errorCode, OPEN, type NvFs } from "./nv-fs.ts";

export class NvStateInUseError extends Error {
  constructor(
    readonly statePath: string,
    readonly ownerPid: number,
    readonly lockPath: string,
  ) {
    const owner =
      ownerPid === process.pid ? "this process" : Number.isNaN(ownerPid) ? "an unknown process" : `process ${ownerPid}`;
    super(
      `NV state file ${statePath} is in use by ${owner} (lock ${lockPath}):` +
        ` one pump per state file — stop that pump, or give another file; if no pump runs, delete ${lockPath}`,
    );
  }
}

/** Locks held by this process, released at exit (a killed process leaves a stale lock instead). */
const held = new Map<string, NvFs>();
let exitHookInstalled = false;

function releaseAllAtExit(): void {
  for (const [lockPath, fs] of held) releaseLock(fs, lockPath);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === "EPERM"; // it exists, it is only not ours to signal
  }
}

function ownerOf(fs: NvFs, lockPath: string): number | undefined {
  try {
    const text = new TextDecoder().decode(fs.readFile(lockPath)).trim();
    return /^\d+$/.test(text) ? Number(text) : Number.NaN;
  } catch (error) {
    if (errorCode(error) === "ENOENT") return undefined; // released meanwhile
    throw error;
  }
}

/** Takes `<statePath>.lock` or throws NvStateInUseError; returns the lock's path. */
export function acquireLock(fs: NvFs, statePath: string): string {
  const lockPath = `${statePath}.lock`;
  for (let attempt = 0; ; attempt++) {
    const temporary = `${lockPath}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
    const fd = fs.open(temporary, OPEN.O_WRONLY | OPEN.O_CREAT | OPEN.O_EXCL, 0o644);
    try {
      fs.write(fd, new TextEncoder().encode(`${process.pid}\n`), 0);
      fs.fsync(fd);
    } finally {
      fs.close(fd);
    }
    try {
      fs.link(temporary, lockPath);
      held.set(lockPath, fs);
      if (!exitHookInstalled) {
        process.once("exit", releaseAllAtExit);
        exitHookInstalled = true;
      }
      return lockPath;
    } catch (error) {
      if (errorCode(error) !== "EEXIST") throw error;
    } finally {
      fs.unlink(temporary);
    }
    const owner = ownerOf(fs, lockPath);
    if (owner === undefined && attempt < 2) continue;
    if (owner !== undefined && !Number.isNaN(owner) && owner !== process.pid && !isRunning(owner) && attempt < 2) {
      fs.unlink(lockPath); // stale: its owner died without releasing it
      continue;
    }
    throw new NvStateInUseError(statePath, owner ?? Number.NaN, lockPath);
  }
}

/** Removes the lock if it is still ours. */
export function releaseLock(fs: NvFs, lockPath: string): void {
  if (!held.delete(lockPath)) return;
  try {
    if (ownerOf(fs, lockPath) === process.pid) fs.unlink(lockPath);
  } catch {
    // The folder went away or became unreadable: nothing left to release.
  }
}
