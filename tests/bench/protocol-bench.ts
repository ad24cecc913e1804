// `npx tsx tests/bench/protocol-bench.ts`: time inside WASM per command, from the request's bytes
// handed to receive() to the last response byte taken with transmit(). A benchmark, not a test:
// it prints figures and never fails on speed. The request bytes are copied into the RX buffer
// before the clock starts; the figure includes one hrtime pair (printed as "timer overhead").
import { Mode, RX_BUFFER_OFFSET, TX_BUFFER_SIZE } from "../../firmware/abi/codes.ts";
import { Command, FrameType } from "../../firmware/abi/protocol-codes.ts";
import { encodeRequest } from "../../simulator/host/request-codec.ts";
import { encodeFrame } from "../../simulator/client/frame.ts";
import { freshPump, type ProbeExports } from "../protocol/harness.ts";

const ROUNDS = 20_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median ns from receive(frame) to an empty outbox, over frames with fresh sequences (or the same one, to time repeats). */
function time(pump: ProbeExports, frameFor: (round: number) => Uint8Array): number {
  const memory = new Uint8Array(pump.memory.buffer);
  const frames = Array.from({ length: ROUNDS }, (_, i) => frameFor(i));
  const samples: number[] = [];
  for (const frame of frames) {
    memory.set(frame, RX_BUFFER_OFFSET);
    const start = process.hrtime.bigint();
    pump.receive(frame.length);
    while (pump.transmit(TX_BUFFER_SIZE) > 0);
    samples.push(Number(process.hrtime.bigint() - start));
  }
  return median(samples);
}

function timerOverhead(): number {
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const start = process.hrtime.bigint();
    samples.push(Number(process.hrtime.bigint() - start));
  }
  return median(samples);
}

const check = encodeRequest({
  entryId: 1001,
  careAreaId: 0,
  concentrationIndex: 0,
  mode: Mode.RATE,
  rateUlPerHour: 40_001n,
  weightG: 80_000n,
});
const request =
  (code: number, payload: Uint8Array) =>
  (round: number): Uint8Array =>
    encodeFrame(FrameType.REQUEST, round & 0xffff, code, payload);

const cases: [string, (round: number) => Uint8Array][] = [
  ["HELLO", request(Command.HELLO, Uint8Array.of(1))],
  ["GET_STATUS", request(Command.GET_STATUS, new Uint8Array(0))],
  ["READ_LOG (7 records)", request(Command.READ_LOG, Uint8Array.of(1, 0, 0, 0, 7))],
  ["CHECK_PROGRAM (+ log record + EVENT)", request(Command.CHECK_PROGRAM, check)],
  ["repeat answered from history", () => encodeFrame(FrameType.REQUEST, 0xfffe, Command.CHECK_PROGRAM, check)],
  [
    "FRAME_ERROR (bad CRC)",
    (round) => {
      const f = request(Command.GET_STATUS, new Uint8Array(0))(round);
      f[f.length - 3] ^= 1;
      return f;
    },
  ],
];

const pump = await freshPump();
while (pump.transmit(TX_BUFFER_SIZE) > 0);
console.log(`protocol round trip inside WASM, median of ${ROUNDS.toLocaleString("en")} (ns):`);
for (const [name, frameFor] of cases) {
  time(pump, frameFor); // warm-up
  console.log(`  ${name.padEnd(40)} ${time(pump, frameFor).toFixed(0).padStart(7)}`);
}
console.log(`  ${"timer overhead (hrtime pair)".padEnd(40)} ${timerOverhead().toFixed(0).padStart(7)}`);
