// Serialises the read-modify-write of a library file (approve, release: REQ-LC-027). Three
// concurrent `approve` runs each read the file, added their approval and renamed their copy in:
// the last rename won and two approvals were lost, every process exiting 0. The lock is a file
// "<library>.lock" created with O_EXCL ("wx"), which exactly one process can create; it holds the
// owner's pid, so a lock left by a killed process is recognised and taken over. Others wait, a
// bounded time, then fail with exit 2 naming the lock.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { CommandError } from "./cli-support.ts";

const WAIT_MS = 30_000;
const POLL_MS = 20;

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function ownerAlive(lockPath: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(lockPath, "utf8").trim());
  } catch {
    return true; // just created, pid not written yet, or just removed: not stale
  }
  if (!Number.isSafeInteger(pid) || pid <= 0) return true; // being written; decide on the next look
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Runs `body` holding the lock of `file`; the lock is removed afterwards, whatever happens. */
export function withFileLock<T>(file: string, body: () => T, waitMs = WAIT_MS): T {
  const lockPath = `${file}.lock`;
  const deadline = Date.now() + waitMs;
  let fd: number | undefined;
  while (fd === undefined) {
    try {
      fd = openSync(lockPath, "wx");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "EEXIST")
        throw new CommandError(
          `cannot lock "${file}": cannot create ${lockPath}: ${code ?? (error as Error).message}; check that the folder is writable`,
        );
      if (!ownerAlive(lockPath)) {
        rmSync(lockPath, { force: true }); // its owner was killed; whoever creates it next wins
        continue;
      }
      if (Date.now() >= deadline) {
        throw new CommandError(
          `"${file}" is being changed by another process (lock ${lockPath}); nothing written: try again, or remove ${lockPath} if no approve or release is running`,
        );
      }
      sleepMs(POLL_MS);
    }
  }
  try {
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    return body();
  } finally {
    rmSync(lockPath, { force: true });
  }
}
