// The serial device itself (simulator/virtual-pump/tty-device.ts over simulator/virtual-pump/pty) on a REAL
// pseudo-terminal opened with serialport: built at install time, byte-transparent both ways, and
// never blocking the pump when nobody reads it.
import { readFileSync, existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SerialLink } from "../../simulator/link/serial-link.ts";
import { MAX_PENDING_BYTES, TtyDevice } from "../../simulator/virtual-pump/tty-device.ts";

/** Resolves once `count` bytes have arrived, or rejects after a generous real-time bound (never hangs). */
function collect(onData: (listener: (bytes: Uint8Array) => void) => void, count: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${length} of ${count} bytes arrived`)), 5000);
    onData((bytes) => {
      chunks.push(Buffer.from(bytes));
      length += bytes.length;
      if (length >= count) {
        clearTimeout(timer);
        resolve(Buffer.concat(chunks));
      }
    });
  });
}

const EVERY_BYTE = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
// The characters a cooked terminal would eat or change: NUL, ^C, LF, CR, XON, XOFF, ^D, ^Z, ^\, DEL.
const CONTROL = Buffer.from([0x00, 0x03, 0x0a, 0x0d, 0x11, 0x13, 0x04, 0x1a, 0x1c, 0x7f, 0x0d, 0x0a, 0x00]);

describe("REQ-SIM-003 the device needs no system package", () => {
  it("REQ-SIM-003: the openpty addon is built by the package's install script (npm install / npm ci) and loads", () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8"));
    expect(pkg.scripts.install).toBe("node simulator/virtual-pump/pty/install.mjs");
    expect(readFileSync("simulator/virtual-pump/pty/binding.gyp", "utf8")).toContain('"target_name": "pty"');
    expect(existsSync("simulator/virtual-pump/pty/build/Release/pty.node")).toBe(true);
    const device = TtyDevice.open();
    expect(device.path).toMatch(/^\/dev\//);
    device.close();
  });
});

describe("REQ-SIM-002 every byte passes unmodified over a real tty", () => {
  it("REQ-SIM-002: 0x00–0xFF and the control characters 0x00 0x03 0x0A 0x0D 0x11 0x13 … reach the pump unchanged", async () => {
    const device = TtyDevice.open();
    const link = await SerialLink.open(device.path);
    try {
      const expected = Buffer.concat([EVERY_BYTE, CONTROL, EVERY_BYTE.reverse()]);
      const arrived = collect((listener) => device.onData(listener), expected.length);
      await link.write(expected);
      expect((await arrived).equals(expected)).toBe(true);
    } finally {
      await link.close();
      device.close();
    }
  });

  it("REQ-SIM-002: … and the pump's bytes reach the client unchanged", async () => {
    const device = TtyDevice.open();
    const link = await SerialLink.open(device.path);
    try {
      const expected = Buffer.concat([CONTROL, EVERY_BYTE, CONTROL]);
      const arrived = collect((listener) => link.onData(listener), expected.length);
      device.write(expected);
      expect((await arrived).equals(expected)).toBe(true);
    } finally {
      await link.close();
      device.close();
    }
  });

  it("REQ-SIM-002: a client that closes and reopens the device talks to the same pump (the pump holds the slave open)", async () => {
    const device = TtyDevice.open();
    try {
      for (let session = 0; session < 2; session++) {
        const link = await SerialLink.open(device.path);
        const arrived = collect((listener) => device.onData(listener), CONTROL.length);
        await link.write(CONTROL);
        expect((await arrived).equals(CONTROL), `session ${session}`).toBe(true);
        await link.close();
      }
    } finally {
      device.close();
    }
  });
});

describe("REQ-SIM-015 the pump never blocks on an unread device", () => {
  it("REQ-SIM-015: 200 KiB sent with no client returns at once; the pty buffer fills, 4 KiB wait, the rest are counted lost", () => {
    const device = TtyDevice.open();
    try {
      const chunk = new Uint8Array(1024).fill(0x55);
      for (let i = 0; i < 200; i++) device.write(chunk); // would block forever on a blocking master
      expect(device.pendingBytes).toBe(MAX_PENDING_BYTES);
      expect(device.bytesLostNoReader).toBeGreaterThan(100 * 1024);
      expect(device.bytesLostNoReader).toBeLessThan(200 * 1024 - MAX_PENDING_BYTES);
    } finally {
      device.close();
    }
  });
});
