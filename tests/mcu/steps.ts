// The inputs of the differential test: a library transfer over the protocol, the request frames
// of the docs' hex examples, and a seeded random sequence of workflow commands, CHECK_PROGRAM
// requests, ticks, sensor faults, power cycles and damaged or repeated frames.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Mode } from "../../firmware/abi/codes.ts";
import { Command, FrameType, LIBRARY_CHUNK_MAX_BYTES } from "../../firmware/abi/protocol-codes.ts";
import { checkSegment, encodeFrame } from "../../simulator/client/frame.ts";
import { encodeLibraryBegin, encodeLibraryChunk, fileDigest } from "../../simulator/client/library-messages.ts";
import { encodeGetStatus, encodeHello, encodeReadLog } from "../../simulator/client/messages.ts";
import {
  encodeBolus,
  encodeCareArea,
  encodePatient,
  encodeProgramBlock,
  encodeSelectDrug,
  type ProgramValues,
} from "../../simulator/client/workflow-messages.ts";
import { encodeRequest } from "../../simulator/host/request-codec.ts";
import { splitmix32, type RandomU32 } from "../../simulator/link/prng.ts";
import type { PortStep } from "./port.ts";

// Entries of hil/library/examples/general-hospital.json (as tests/workflow/driver.ts names them).
const HEPARIN = 1001;
const POTASSIUM = 1050;
const VANCOMYCIN = 1070;
const SALINE = 2001;
const NO_CONCENTRATION = 0xff;
const ENTRIES = [HEPARIN, POTASSIUM, VANCOMYCIN, SALINE, 4242];

/** Sequence numbers for one client: each request gets the next. */
export class Sequencer {
  private next = 1;
  frame(code: number, payload: Uint8Array): Uint8Array {
    const sequence = this.next;
    this.next = (this.next % 0xffff) + 1;
    return encodeFrame(FrameType.REQUEST, sequence, code, payload);
  }
}

const rx = (bytes: Uint8Array): PortStep => ({ kind: "rx", bytes });

/** HELLO, then the library file in LIBRARY_CHUNKs, then LIBRARY_ACTIVATE (docs/protocol.md §5.6). */
export function libraryTransferSteps(file: Uint8Array, sequencer: Sequencer): PortStep[] {
  const steps = [
    rx(sequencer.frame(Command.HELLO, encodeHello())),
    rx(sequencer.frame(Command.LIBRARY_BEGIN, encodeLibraryBegin(file.length, fileDigest(file)))),
  ];
  for (let at = 0; at < file.length; at += LIBRARY_CHUNK_MAX_BYTES) {
    steps.push(
      rx(
        sequencer.frame(Command.LIBRARY_CHUNK, encodeLibraryChunk(at, file.subarray(at, at + LIBRARY_CHUNK_MAX_BYTES))),
      ),
    );
  }
  steps.push(rx(sequencer.frame(Command.LIBRARY_ACTIVATE, new Uint8Array(0))));
  return steps;
}

/** Every request frame among the docs' `hex wire:` examples, in document order. */
export function docExampleRequests(): Uint8Array[] {
  const frames: Uint8Array[] = [];
  for (const name of readdirSync("docs").sort()) {
    if (!name.endsWith(".md")) continue;
    const text = readFileSync(join("docs", name), "utf8");
    for (const match of text.matchAll(/^```hex wire:[^\n]*\n([\s\S]*?)^```/gm)) {
      const bytes = Uint8Array.from((match[1]!.match(/\b[0-9a-fA-F]{2}\b/g) ?? []).map((h) => Number.parseInt(h, 16)));
      const check = checkSegment(bytes.subarray(0, bytes.length - 1));
      if (check.ok && check.frame.type === FrameType.REQUEST) frames.push(bytes);
    }
  }
  return frames;
}

const pick = <T>(next: RandomU32, items: readonly T[]): T => items[next() % items.length]!;
const below = (next: RandomU32, bound: number): number => next() % bound;
const u64 = (next: RandomU32, bound: number): bigint => BigInt(below(next, bound));

function randomProgram(next: RandomU32): ProgramValues {
  const mode = pick(next, [Mode.RATE, Mode.RATE, Mode.DOSE, Mode.DURATION]);
  const values: ProgramValues = { mode };
  if (mode === Mode.RATE || next() % 4 === 0) values.rateUlPerHour = u64(next, 1_200_000);
  if (mode === Mode.DOSE) values.dose = u64(next, 45) * 1_000_000n;
  if (mode === Mode.DURATION || next() % 5 === 0) values.durationS = u64(next, 90_000);
  if (next() % 2 === 0) values.vtbiUl = u64(next, 1_000_000);
  return values;
}

/** One random request frame: mostly workflow commands in a plausible order, and CHECK_PROGRAM. */
function randomRequest(next: RandomU32, sequencer: Sequencer): Uint8Array {
  switch (below(next, 16)) {
    case 0:
      return sequencer.frame(Command.SELECT_CARE_AREA, encodeCareArea(below(next, 3)));
    case 1:
      return sequencer.frame(Command.SET_PATIENT, encodePatient(500 + below(next, 150_000)));
    case 2:
    case 3: {
      const entryId = pick(next, ENTRIES);
      return sequencer.frame(
        Command.SELECT_DRUG,
        encodeSelectDrug({ entryId, concentrationIndex: entryId === SALINE ? NO_CONCENTRATION : below(next, 2) }),
      );
    }
    case 4:
    case 5:
      return sequencer.frame(Command.PROGRAM, encodeProgramBlock(randomProgram(next)));
    case 6:
    case 7:
      return sequencer.frame(Command.START, new Uint8Array(0));
    case 8:
      return sequencer.frame(
        pick(next, [Command.PAUSE, Command.RESUME, Command.STOP, Command.CANCEL, Command.ACK_ALARMS]),
        new Uint8Array(0),
      );
    case 9:
      return sequencer.frame(Command.TITRATE, encodeProgramBlock(randomProgram(next)));
    case 10:
      return sequencer.frame(
        Command.BOLUS,
        encodeBolus({
          kind: pick(next, [0, 1] as const),
          dose: u64(next, 60) * 1_000_000n,
          rateUlPerHour: u64(next, 600_000),
        }),
      );
    case 11:
      return sequencer.frame(
        pick(next, [Command.GET_INFUSION, Command.GET_STATUS, Command.LIBRARY_STATUS]),
        encodeGetStatus(),
      );
    case 12:
      return sequencer.frame(Command.READ_LOG, encodeReadLog(below(next, 40), 1 + below(next, 8)));
    default:
      return sequencer.frame(Command.CHECK_PROGRAM, randomCheckProgram(next));
  }
}

/** A CHECK_PROGRAM request: a library entry or an unknown one, values in and beyond the limits. */
function randomCheckProgram(next: RandomU32): Uint8Array {
  const entryId = pick(next, ENTRIES);
  const program = randomProgram(next);
  return encodeRequest({
    entryId,
    careAreaId: below(next, 3),
    concentrationIndex: entryId === SALINE ? NO_CONCENTRATION : below(next, 2),
    mode: program.mode,
    rateUlPerHour: program.rateUlPerHour,
    dose: program.dose,
    durationS: program.durationS,
    vtbiUl: program.vtbiUl,
    weightG: next() % 3 === 0 ? undefined : u64(next, 150_000),
  });
}

/** A whole valid programming: saline in ICU at a rate within its limits, started (motor runs). */
function startSaline(next: RandomU32, sequencer: Sequencer): PortStep[] {
  const program: ProgramValues = {
    mode: Mode.RATE,
    rateUlPerHour: BigInt(1_000 + below(next, 400_000)),
    vtbiUl: BigInt(1_000 + below(next, 200_000)),
  };
  return [
    rx(sequencer.frame(Command.SELECT_CARE_AREA, encodeCareArea(0))),
    rx(
      sequencer.frame(Command.SELECT_DRUG, encodeSelectDrug({ entryId: SALINE, concentrationIndex: NO_CONCENTRATION })),
    ),
    rx(sequencer.frame(Command.PROGRAM, encodeProgramBlock(program))),
    rx(sequencer.frame(Command.START, new Uint8Array(0))),
  ];
}

/** A seeded mix of requests, ticks, faults, a repeated or damaged frame now and then, power cycles. */
export function randomSteps(seed: number, count: number, sequencer: Sequencer): PortStep[] {
  const next = splitmix32(seed);
  const steps: PortStep[] = [];
  let last: Uint8Array | undefined;
  while (steps.length < count) {
    const roll = below(next, 100);
    if (roll < 6) steps.push(...startSaline(next, sequencer));
    else if (roll < 55) {
      last = randomRequest(next, sequencer);
      steps.push(rx(last));
    } else if (roll < 80)
      steps.push({ kind: "tick", elapsedMs: pick(next, [0, 100, 1_000, 60_000, 3_600_000]) + below(next, 1_000) });
    else if (roll < 86) steps.push({ kind: "faults", mask: pick(next, [0, 0, 1, 4, 8, 16, 32]) });
    else if (roll < 92 && last !== undefined)
      steps.push(rx(last)); // a retransmission
    else if (roll < 97 && last !== undefined) {
      const damaged = last.slice();
      damaged[1 + below(next, damaged.length - 2)]! ^= 1 << below(next, 8);
      steps.push(rx(damaged));
    } else steps.push({ kind: "powerCycle" });
  }
  return steps;
}
