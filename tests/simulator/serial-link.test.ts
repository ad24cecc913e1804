// SerialLink (simulator/link/serial-link.ts) over serialport's mock binding — the only place
// the mock is used (REQ-SIM-013): writes reach the port, port data reaches the listeners and the
// client, and a failed or closed port makes writes reject with an error naming the port.
import { SerialPortMock } from "serialport";
import { afterEach, describe, expect, it } from "vitest";
import { Command, FrameType, HELLO_RESPONSE_SIZE } from "../../firmware/abi/protocol-codes.ts";
import { PumpClient } from "../../simulator/client/client.ts";
import { encodeFrame } from "../../simulator/client/frame.ts";
import { SerialLink, SerialLinkError } from "../../simulator/link/serial-link.ts";

const PATH = "/dev/MOCKPUMP";

async function openMock(): Promise<SerialPortMock> {
  SerialPortMock.binding.createPort(PATH, { record: true, echo: false });
  const port = new SerialPortMock({ path: PATH, baudRate: 115_200 });
  await new Promise<void>((resolve, reject) => port.once("open", resolve).once("error", reject));
  return port;
}

describe("REQ-SIM-013 SerialLink over serialport (mock binding)", () => {
  afterEach(() => SerialPortMock.binding.reset());

  it("REQ-SIM-013: a write resolves once the port has the bytes, all 256 values unchanged", async () => {
    const port = await openMock();
    const link = new SerialLink(port);
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    await link.write(bytes);
    expect(Buffer.from(port.port!.recording).equals(Buffer.from(bytes))).toBe(true);
    expect(link.path).toBe(PATH);
    await link.close();
  });

  it("REQ-SIM-013: bytes from the port reach every listener, and PumpClient decodes a response through it", async () => {
    const port = await openMock();
    const link = new SerialLink(port);
    const seen: number[] = [];
    link.onData((bytes) => seen.push(...bytes));
    const client = new PumpClient(link);
    const hello = client.hello();
    await new Promise((resolve) => setImmediate(resolve));
    expect(port.port!.recording.length).toBeGreaterThan(0); // the request went out through serialport
    const payload = new Uint8Array(HELLO_RESPONSE_SIZE);
    payload.set([0, 0, 1, 3], 0);
    payload.set(new TextEncoder().encode("mock-build"), 4);
    const wire = encodeFrame(FrameType.RESPONSE, 0, Command.HELLO, payload);
    port.port!.emitData(Buffer.from(wire));
    const outcome = await hello;
    expect(outcome.ok && outcome.value.firmwareBuildId).toBe("mock-build");
    expect(Buffer.from(seen).equals(Buffer.from(wire))).toBe(true);
    await link.close();
  });

  it("REQ-SIM-013: after the port fails, every write rejects at once with an error naming the port", async () => {
    const port = await openMock();
    const link = new SerialLink(port);
    port.emit("error", Object.assign(new Error("EIO: i/o error"), { code: "EIO" }));
    const failure = await link.write(Uint8Array.of(1)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SerialLinkError);
    expect((failure as Error).message).toContain(PATH);
    expect((failure as Error).message).toMatch(/device is gone/);
  });

  it("REQ-SIM-013: a closed link refuses writes, naming the port", async () => {
    const port = await openMock();
    const link = new SerialLink(port);
    await link.close();
    await expect(link.write(Uint8Array.of(1))).rejects.toThrow(new RegExp(`${PATH}.*write after close`));
    await link.close(); // twice is harmless
  });

  it("REQ-SIM-013: SerialLink.open uses the real serialport and says which path it could not open", async () => {
    await expect(SerialLink.open("/dev/no-such-pump-device")).rejects.toThrow(
      /serial port \/dev\/no-such-pump-device: cannot open/,
    );
  });
});
