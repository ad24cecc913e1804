// Issue 10 §7 item 5 (REQ-LC-027): concurrent approve runs on one library file, as real
// processes, all land: the read-modify-write of the file holds an O_EXCL lock file, so no run
// overwrites another's approval. A lock left by a killed process is taken over.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { withFileLock } from "../../hil/library/tools/lifecycle/file-lock.ts";
import { CommandError } from "../../hil/library/tools/lifecycle/cli-support.ts";
import { cleanLibrary, tempDir } from "../library-lifecycle/helpers.ts";

function approveProcess(file: string, approver: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "hil/library/cli.ts", "approve", file, "--approver", approver, "--date", "2026-01-02"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, stderr })));
}

describe("issue 10 §7: concurrent lifecycle commands lose nothing (REQ-LC-027)", () => {
  it("issue 10 §7: three concurrent approve runs record all three approvals", async () => {
    for (let round = 0; round < 3; round++) {
      const dir = tempDir("issue10-concurrent");
      const file = join(dir, "lib.json");
      writeFileSync(file, JSON.stringify(cleanLibrary(), null, 2));
      const runs = await Promise.all(
        ["Ana Lima:pharmacist", "Ben Okoro:nurse", "Chen Wu:physician"].map((who) => approveProcess(file, who)),
      );
      expect(
        runs.map((r) => r.code),
        runs.map((r) => r.stderr).join("\n"),
      ).toEqual([0, 0, 0]);
      const library = JSON.parse(readFileSync(file, "utf8"));
      expect(library.approvals.map((a: { name: string }) => a.name).sort()).toEqual([
        "Ana Lima",
        "Ben Okoro",
        "Chen Wu",
      ]);
      expect(library.status).toBe("approved");
      expect(existsSync(`${file}.lock`)).toBe(false);
    }
  });

  it("issue 10 §7: a lock held by a live process makes a run wait, then fail with exit 2 naming the lock", () => {
    const dir = tempDir("issue10-held");
    const file = join(dir, "lib.json");
    writeFileSync(`${file}.lock`, `${process.pid}\n`);
    expect(() => withFileLock(file, () => 1, 100)).toThrow(CommandError);
    expect(() => withFileLock(file, () => 1, 100)).toThrow(`lock ${file}.lock`);
  });

  it("issue 10 §7: a lock left by a killed process is taken over and removed afterwards", () => {
    const dir = tempDir("issue10-stale");
    const file = join(dir, "lib.json");
    writeFileSync(`${file}.lock`, "2147483646\n"); // no such process
    expect(withFileLock(file, () => "ran", 100)).toBe("ran");
    expect(existsSync(`${file}.lock`)).toBe(false);
  });
});
