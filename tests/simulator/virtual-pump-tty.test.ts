// The whole virtual pump in this process (startVirtualPump) on a REAL pseudo-terminal, talked to
// through serialport (SerialLink) by the reference client: HELLO, a preloaded library, a refused
// one, and an impaired line that retransmission gets through.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { ABI_VERSION, Status } from "../../firmware/abi/codes.ts";
import { readBuildId } from "../../release/build-id.ts";
import { PumpClient } from "../../simulator/client/client.ts";
import { SerialLink } from "../../simulator/link/serial-link.ts";
import { LibraryRefusedError, startVirtualPump, type VirtualPumpHandle } from "../../simulator/virtual-pump/start.ts";
import { exampleImage } from "./helpers.ts";
import { RELEASE_WASM_PATH } from "../support/profile.ts";

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

async function pumpAndClient(options: Parameters<typeof startVirtualPump>[0], clientOptions = {}) {
  const pump: VirtualPumpHandle = await startVirtualPump(options);
  open.push(pump);
  const link = await SerialLink.open(pump.path);
  open.push(link);
  return { pump, link, client: new PumpClient(link, clientOptions) };
}

describe("REQ-SIM-001 the virtual pump on a real tty", () => {
  it("REQ-SIM-001 REQ-SIM-013 REQ-SIM-005: HELLO through serialport gets the release build id and the preloaded library", async () => {
    const logs: string[] = [];
    const { pump, client } = await pumpAndClient({ libraryImage: exampleImage(), log: (line) => logs.push(line) });
    expect(pump.path).toMatch(/^\/dev\//);
    const hello = await client.hello();
    if (!hello.ok) throw new Error(`HELLO failed: ${hello.result}`);
    expect(hello.value.firmwareBuildId).toBe(readBuildId(readFileSync(RELEASE_WASM_PATH)));
    expect(hello.value.abiVersion).toBe(ABI_VERSION);
    expect(hello.value).toMatchObject({
      libraryActive: true,
      libraryVersion: 12,
      libraryName: "General Hospital (example)",
    });
    expect(logs).toContain("library preloaded: version 12");
  });

  it("REQ-SIM-005: an image the firmware refuses stops the start with its status name", async () => {
    const image = exampleImage();
    image[image.length - 1] ^= 0x01; // one body bit: the SHA-256 no longer matches
    const failure = await startVirtualPump({ libraryImage: image }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LibraryRefusedError);
    expect((failure as LibraryRefusedError).status).toBe(Status.IMAGE_DIGEST);
    expect((failure as Error).message).toContain("IMAGE_DIGEST");
  });
});

describe("REQ-SIM-007 impaired tty line", () => {
  it("REQ-SIM-007: with corrupt, drop and duplicate the client still gets every answer by retransmission; the seed is printed", async () => {
    const logs: string[] = [];
    const { pump, client } = await pumpAndClient(
      { clock: "fast", seed: 777, corrupt: "0.01", drop: "0.002", duplicate: "0.002", log: (line) => logs.push(line) },
      { timeoutMs: 40, maxAttempts: 40 },
    );
    expect(pump.seed).toBe(777);
    expect(logs.some((line) => line.includes("seed 777"))).toBe(true);
    for (let i = 0; i < 6; i++) {
      const outcome = i % 2 === 0 ? await client.hello() : await client.getStatus();
      expect(outcome.ok, `request ${i}`).toBe(true);
    }
    const { hostToPump, pumpToHost } = pump.pump.impairments;
    expect(hostToPump.corrupted + pumpToHost.corrupted).toBeGreaterThan(0); // the fault really happened
    expect(client.retransmissions + client.badFrames).toBeGreaterThan(0);
  });
});
