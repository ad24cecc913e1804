// The C port as bare-metal Cortex-M4 code on QEMU's mps2-an386 (docs/mcu-port.md §6): the
// firmware's 68-page memory in PSRAM at 0x21000000, UART0 on a pseudo-terminal fed by its RX
// interrupt into a ring buffer, SysTick time. A smoke test: a HELLO over the pty is answered
// and the answer is the one the module gives on V8. The full HIL suite on QEMU is not run here.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SerialPort } from "serialport";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FrameType } from "../../firmware/abi/protocol-codes.ts";
import { ABI_VERSION } from "../../firmware/abi/codes.ts";
import { checkSegment, FrameSplitter } from "../../simulator/client/frame.ts";
import { decodeHello } from "../../simulator/client/messages.ts";
import { exampleLibraryImage } from "../protocol/harness.ts";
import { missingTools, runReference } from "./port.ts";
import { libraryTransferSteps, Sequencer } from "./steps.ts";
import { PORT_BUILD_DIR, PORT_MAKE_ARGS } from "../support/profile.ts";

const ELF = `${PORT_BUILD_DIR}/an386/ders-an386.elf`;
let dir: string;
let qemu: ChildProcess | undefined;
let port: SerialPort | undefined;

beforeAll(() => {
  const missing =
    missingTools() ??
    (["arm-none-eabi-gcc", "qemu-system-arm"].find((tool) => spawnSync(tool, ["--version"]).status !== 0) === undefined
      ? undefined
      : "arm-none-eabi-gcc or qemu-system-arm is not installed (apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm)");
  if (missing !== undefined) throw new Error(`npm run test:mcu needs the C toolchain: ${missing}`);
  const make = spawnSync("make", ["-C", "firmware/port", "an386", ...PORT_MAKE_ARGS], { encoding: "utf8" });
  if (make.status !== 0) throw new Error(`building the mps2-an386 image failed:\n${make.stdout}\n${make.stderr}`);
  dir = mkdtempSync(join(tmpdir(), "ders-qemu-"));
});

afterAll(async () => {
  if (port?.isOpen) await new Promise((resolve) => port!.close(resolve));
  qemu?.kill("SIGTERM");
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

/** Starts QEMU with UART0 on a new pty and UART1 (the host's console) in a file; resolves the pty path. */
function startQemu(consolePath: string): Promise<string> {
  const args = [
    "-M",
    "mps2-an386",
    "-nographic",
    "-monitor",
    "none",
    "-serial",
    "pty",
    "-serial",
    `file:${consolePath}`,
    "-icount",
    "shift=0",
    "-kernel",
    ELF,
  ];
  const child = spawn("qemu-system-arm", args, { stdio: ["ignore", "pipe", "pipe"] });
  qemu = child;
  return new Promise((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer): void => {
      output += chunk.toString("utf8");
      const pty = /char device redirected to (\/dev\/pts\/\d+)/.exec(output);
      if (pty !== null) resolve(pty[1]!);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) =>
      reject(new Error(`qemu-system-arm exited (${code}) before opening its pty:\n${output}`)),
    );
  });
}

/** Sends a request until its RESPONSE (same sequence) arrives; QEMU notices a pty's reader about once a second. */
function exchange(
  serial: SerialPort,
  splitter: FrameSplitter,
  request: Uint8Array,
  sequence: number,
  consolePath: string,
): Promise<Uint8Array> {
  return new Promise<Uint8Array>((resolve, reject) => {
    const resend = setInterval(() => serial.write(Buffer.from(request)), 1_000);
    const giveUp = setTimeout(() => {
      finish();
      reject(new Error(`no answer to sequence ${sequence} in 60 s; console:\n${readFileSync(consolePath, "utf8")}`));
    }, 60_000);
    const onData = (bytes: Buffer): void => {
      for (const segment of splitter.push(bytes)) {
        const check = checkSegment(segment);
        if (check.ok && check.frame.type === FrameType.RESPONSE && check.frame.sequence === sequence) {
          finish();
          resolve(segment);
        }
      }
    };
    const finish = (): void => {
      clearInterval(resend);
      clearTimeout(giveUp);
      serial.off("data", onData);
    };
    serial.on("data", onData);
    serial.write(Buffer.from(request));
  });
}

/** The RESPONSE frames among a reference step's bytes (EVENT frames carry the pump's clock, which differs). */
const responsesIn = (txHex: string): string[] =>
  new FrameSplitter()
    .push(Buffer.from(txHex, "hex"))
    .filter((segment) => {
      const check = checkSegment(segment);
      return check.ok && check.frame.type === FrameType.RESPONSE;
    })
    .map((segment) => Buffer.from(segment).toString("hex"));

describe("REQ-PORT-001 REQ-PORT-005 REQ-PORT-006 the port on QEMU mps2-an386 (Cortex-M4)", () => {
  it("answers HELLO and a whole library transfer over the pty exactly as the module on V8 does", async () => {
    const consolePath = join(dir, "console.log");
    const ptyPath = await startQemu(consolePath);
    port = new SerialPort({ path: ptyPath, baudRate: 115200 });
    await new Promise<void>((resolve, reject) => port!.once("open", resolve).once("error", reject));
    const splitter = new FrameSplitter();
    const sequencer = new Sequencer();
    const steps = libraryTransferSteps(exampleLibraryImage(), sequencer);
    const answers: string[] = [];
    for (const step of steps) {
      if (step.kind !== "rx") continue;
      const check = checkSegment(step.bytes.subarray(0, step.bytes.length - 1));
      if (!check.ok) throw new Error("the test built a bad frame");
      answers.push(
        Buffer.from(await exchange(port, splitter, step.bytes, check.frame.sequence, consolePath)).toString("hex"),
      );
    }
    const hello = checkSegment(Buffer.from(answers[0]!, "hex"));
    expect(hello.ok && decodeHello(hello.frame.payload)).toMatchObject({
      abiVersion: ABI_VERSION,
      libraryActive: false,
    });
    // The same frames to the module on V8: the same answers, byte for byte.
    const reference = await runReference(steps);
    expect(answers).toEqual(reference.steps.slice(1).flatMap((step) => responsesIn(step.tx)));
    // One more wake-up so the board reports the stack used by the activation.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const console = readFileSync(consolePath, "utf8");
    expect(console).toContain("host POWER_ON blank");
    const used = Math.max(...[...console.matchAll(/stack-used (\d+)/g)].map((m) => Number(m[1])));
    process.stdout.write(
      `mps2-an386: ${answers.length} answers identical to V8; stack high-water mark ${used} bytes of 64 KiB\n`,
    );
    expect(used).toBeLessThan(16 * 1024);
  });
});
