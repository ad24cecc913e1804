// The last mile on real processes and a real tty (REQ-LC-035, REQ-SIG-009, REQ-SIM-021): the virtual
// pump started with `npm run pump -- --provision-key <public key>` admits only signed files;
// `library send --port <tty> <file>` transfers and activates one over the serial protocol with
// progress, resumes a transfer the pump already holds part of, and reports a refusal by name.
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KeyState } from "../../firmware/abi/codes.ts";
import { PumpClient } from "../../simulator/client/client.ts";
import { fileDigest } from "../../simulator/client/library-messages.ts";
import { SerialLink } from "../../simulator/link/serial-link.ts";
import { firmwareCopy, tempDir } from "../library-lifecycle/helpers.ts";
import { killSpawnedPumps, spawnPumpCli, type PumpProcess } from "../simulator/helpers.ts";
import { signedWorkspace, type SignedWorkspace } from "./signed-workspace.ts";

let w: SignedWorkspace;
let firmware: string;
beforeAll(async () => {
  w = signedWorkspace();
  firmware = await firmwareCopy(tempDir("send-fw"));
});
afterAll(() => killSpawnedPumps());

/** `npm run library -- send …` as its own process (async: the pump is another process too). */
function send(...argv: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "hil/library/cli.ts", "send", ...argv], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => void (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout, stderr })));
}

async function withClient<T>(path: string, use: (client: PumpClient) => Promise<T>): Promise<T> {
  const link = await SerialLink.open(path);
  try {
    return await use(new PumpClient(link, { timeoutMs: 300, maxAttempts: 5, firstSequence: 0x4000 }));
  } finally {
    await link.close();
  }
}

async function stop(pump: PumpProcess): Promise<void> {
  pump.child.kill("SIGTERM");
  expect(await pump.exited).toEqual({ code: 0, signal: null });
}

describe("REQ-SIM-021 npm run pump -- --provision-key", () => {
  it("REQ-SIM-021 REQ-SIG-005: the key is provisioned at start: an unsigned --library stops the start with IMAGE_UNSIGNED (exit 1)", async () => {
    const pump = spawnPumpCli(["--firmware", firmware, "--provision-key", w.publicKey, "--library", w.unsigned]);
    expect((await pump.exited).code).toBe(1);
    expect(pump.stderr()).toContain("IMAGE_UNSIGNED");
  });

  it("REQ-SIM-021: a private key, bare hex or a missing file is a usage error naming the option (exit 2)", async () => {
    const bareHex = `${w.dir}/bare.hex`;
    writeFileSync(bareHex, `${"ab".repeat(32)}\n`);
    for (const key of [w.privateKey, bareHex, `${w.dir}/missing.pub`]) {
      const pump = spawnPumpCli(["--firmware", firmware, "--provision-key", key]);
      expect((await pump.exited).code).toBe(2);
      expect(pump.stderr()).toContain("--provision-key");
    }
  });

  it("REQ-SIM-021 REQ-SIG-003: with the PEM public key and a signed --library the pump starts provisioned with the library active", async () => {
    const pump = spawnPumpCli(["--firmware", firmware, "--provision-key", w.publicPem, "--library", w.signed]);
    const path = await pump.path;
    const status = await withClient(path, async (client) => client.libraryStatus());
    if (!status.ok) throw new Error(`LIBRARY_STATUS failed: ${status.result}`);
    expect(status.value).toMatchObject({ keyState: KeyState.PROVISIONED, activeVersion: 4 });
    expect(pump.stderr()).toContain("provisioned: only signed, released, newer libraries are admitted");
    await stop(pump);
  });
});

describe("REQ-LC-035 library send --port <tty> <file>", () => {
  it("REQ-LC-035 REQ-SIG-005 REQ-SIG-009: refused files are named by the pump's status (exit 1); the signed one is sent with progress and activated (exit 0)", async () => {
    const pump = spawnPumpCli(["--firmware", firmware, "--provision-key", w.publicKey]);
    const path = await pump.path;

    const unsigned = await send("--port", path, w.unsigned);
    expect(unsigned.code).toBe(1);
    expect(unsigned.stderr).toBe(
      "refused by the pump: IMAGE_UNSIGNED (docs/abi.md §6); its active library is unchanged\n",
    );

    const size = readFileSync(w.signed).length;
    const sent = await send("--port", path, w.signed, "--chunk-bytes", "100");
    expect(sent.stderr).toBe("");
    expect(sent.code).toBe(0);
    const lines = sent.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe(`sending ${w.signed} (${size} bytes) to ${path}`);
    expect(lines).toContain(`sent ${size}/${size} bytes (100%)`);
    expect(lines.filter((l) => l.startsWith("sent ")).length).toBeGreaterThan(2);
    expect(lines.at(-1)).toMatch(/^active on the pump: library version 4, body SHA-256 [0-9a-f]{64}, slot [AB]$/);

    const hello = await withClient(path, (client) => client.hello());
    if (!hello.ok) throw new Error("HELLO failed");
    expect(hello.value).toMatchObject({ libraryActive: true, libraryVersion: 4 });

    // The same file again: it is already the active library, which send reports without a transfer.
    const again = await send("--port", path, w.signed);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain("sent ");
    expect(again.stdout).toMatch(/active on the pump: library version 4/);
    await stop(pump);
  });

  it("REQ-LC-035 REQ-SIG-009: a transfer the pump already holds part of is resumed from there, not restarted", async () => {
    const pump = spawnPumpCli(["--firmware", firmware, "--provision-key", w.publicKey]);
    const path = await pump.path;
    const file = new Uint8Array(readFileSync(w.signed));
    // An earlier sender got 300 bytes across, then its link went away.
    await withClient(path, async (client) => {
      const begun = await client.libraryBegin(file.length, fileDigest(file));
      expect(begun.ok).toBe(true);
      for (let offset = 0; offset < 300; offset += 100)
        expect((await client.libraryChunk(offset, file.subarray(offset, offset + 100))).ok).toBe(true);
    });
    const sent = await send("--port", path, w.signed, "--chunk-bytes", "100");
    expect(sent.code, sent.stderr).toBe(0);
    const progress = sent.stdout.split("\n").filter((l) => l.startsWith("sent "));
    expect(progress[0]).toMatch(/^sent 400\//); // the first chunk this run sent continued at byte 300
    expect(sent.stdout).toMatch(/active on the pump: library version 4/);
    await stop(pump);
  });

  it("REQ-LC-035: usage and port errors exit 2 and say what to give", async () => {
    const noPort = await send(w.signed);
    expect(noPort.code).toBe(2);
    expect(noPort.stderr).toContain("send needs the pump's serial device: add --port <tty>");
    const badPort = await send("--port", `${w.dir}/no-such-tty`, w.signed);
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toMatch(/serial port .*no-such-tty: cannot open/);
    expect((await send("--port", "/dev/null", "--chunk-bytes", "481", w.signed)).code).toBe(2);
  });
});
