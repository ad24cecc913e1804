// `npx tsx tests/bench/workflow-bench.ts`: time inside WASM per workflow command (docs/workflow.md §8),
// from the request's bytes handed to receive() to the last response byte taken with transmit(),
// events included. Commands that change state are timed between untimed frames that set the state
// up again, so every sample runs the command's real path. A benchmark: it prints, it never fails.
import { readFileSync } from "node:fs";
import { Mode, RX_BUFFER_OFFSET, TX_BUFFER_SIZE } from "../../firmware/abi/codes.ts";
import { MEMORY_PAGES } from "../support/profile.ts";
import { Command, FrameType } from "../../firmware/abi/protocol-codes.ts";
import { encodeFrame } from "../../simulator/client/frame.ts";
import {
  encodeBolus,
  encodeCareArea,
  encodeOverride,
  encodePatient,
  encodeProgramBlock,
  encodeSecondary,
  encodeSelectDrug,
} from "../../simulator/client/workflow-messages.ts";
import { freshPump, type ProbeExports } from "../protocol/harness.ts";

const ROUNDS = 5_000;
const EMPTY = new Uint8Array(0);
let sequence = 0;

type Step = [code: number, payload: Uint8Array];

function send(pump: ProbeExports, [code, payload]: Step): void {
  const frame = encodeFrame(FrameType.REQUEST, sequence, code, payload);
  sequence = (sequence + 1) & 0xffff;
  new Uint8Array(pump.memory.buffer).set(frame, RX_BUFFER_OFFSET);
  pump.receive(frame.length);
  while (pump.transmit(TX_BUFFER_SIZE) > 0);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median ns of `timed`, each sample preceded by the untimed `before` and followed by `after`. */
function time(pump: ProbeExports, before: Step[], timed: Step, after: Step[]): number {
  const memory = new Uint8Array(pump.memory.buffer);
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    before.forEach((step) => send(pump, step));
    const frame = encodeFrame(FrameType.REQUEST, sequence, timed[0], timed[1]);
    sequence = (sequence + 1) & 0xffff;
    memory.set(frame, RX_BUFFER_OFFSET);
    const start = process.hrtime.bigint();
    pump.receive(frame.length);
    while (pump.transmit(TX_BUFFER_SIZE) > 0);
    samples.push(Number(process.hrtime.bigint() - start));
    after.forEach((step) => send(pump, step));
  }
  return median(samples);
}

const UNITS = 1_000_000n;
const go = encodeProgramBlock({ mode: Mode.DOSE, dose: 18n * UNITS, vtbiUl: 500_000n });
const soft = encodeProgramBlock({ mode: Mode.DOSE, dose: 30n * UNITS, vtbiUl: 500_000n });
const step = (code: number, payload: Uint8Array = EMPTY): Step => [code, payload];
const toDrug: Step[] = [
  step(Command.SELECT_CARE_AREA, encodeCareArea(0)),
  step(Command.SET_PATIENT, encodePatient(70_000)),
  step(Command.SELECT_DRUG, encodeSelectDrug({ entryId: 1001, concentrationIndex: 0 })),
];
const running: Step[] = [...toDrug, step(Command.PROGRAM, go), step(Command.START)];

const cases: [string, Step[], Step[], Step, Step[]][] = [
  // name, state setup (once), before each sample, timed, after each sample
  ["GET_INFUSION", running, [], step(Command.GET_INFUSION), []],
  ["SELECT_CARE_AREA", [], [], step(Command.SELECT_CARE_AREA, encodeCareArea(0)), []],
  ["SET_PATIENT", toDrug, [], step(Command.SET_PATIENT, encodePatient(70_000)), []],
  [
    "SELECT_DRUG (+ advisory)",
    toDrug,
    [],
    step(Command.SELECT_DRUG, encodeSelectDrug({ entryId: 1001, concentrationIndex: 0 })),
    [],
  ],
  ["PROGRAM (engine check + edit record)", [...toDrug, step(Command.PROGRAM, go)], [], step(Command.PROGRAM, go), []],
  ["OVERRIDE", toDrug, [step(Command.PROGRAM, soft)], step(Command.OVERRIDE, encodeOverride(1, soft)), []],
  ["CANCEL", toDrug, [step(Command.PROGRAM, go)], step(Command.CANCEL), []],
  ["START", toDrug, [step(Command.PROGRAM, go)], step(Command.START), [step(Command.STOP)]],
  ["STOP", toDrug, [step(Command.PROGRAM, go), step(Command.START)], step(Command.STOP), []],
  ["PAUSE", running, [], step(Command.PAUSE), [step(Command.RESUME)]],
  ["RESUME", running, [step(Command.PAUSE)], step(Command.RESUME), []],
  [
    "TITRATE (check + step)",
    running,
    [],
    step(Command.TITRATE, encodeProgramBlock({ mode: Mode.DOSE, dose: 20n * UNITS })),
    [],
  ],
  [
    "BOLUS (check + volume)",
    running,
    [],
    step(Command.BOLUS, encodeBolus({ kind: 0, dose: 60n * UNITS, rateUlPerHour: 600_000n })),
    [],
  ],
  [
    "SECONDARY (own entry check)",
    running,
    [],
    step(
      Command.SECONDARY,
      encodeSecondary({
        entryId: 1070,
        concentrationIndex: 0,
        program: { mode: Mode.DURATION, durationS: 7200n, vtbiUl: 250_000n },
      }),
    ),
    [],
  ],
  ["ACK_ALARMS", running, [], step(Command.ACK_ALARMS), []],
];

console.log(
  `workflow commands inside WASM, request bytes in → response bytes out, median of ${ROUNDS.toLocaleString("en")} (ns):`,
);
for (const [name, setup, before, timed, after] of cases) {
  const pump = await freshPump();
  while (pump.transmit(TX_BUFFER_SIZE) > 0);
  setup.forEach((s) => send(pump, s));
  console.log(`  ${name.padEnd(40)} ${time(pump, before, timed, after).toFixed(0).padStart(7)}`);
}
const release = readFileSync("build/ders.wasm");
console.log(
  `release build/ders.wasm: ${release.length.toLocaleString("en")} bytes (${(release.length / 1024).toFixed(1)} KiB); memory ${MEMORY_PAGES} pages (${MEMORY_PAGES * 64} KiB), fixed`,
);
