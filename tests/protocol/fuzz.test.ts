// Fuzzing the pump's receiver with ≥ 100,000 frames per run: random bytes, over-long runs, valid
// requests, truncated and bit-flipped copies, repeats and late (reordered) copies, fed in random
// chunk sizes. Seed from tests/setup (FC_SEED / FC_PATH replay a failure).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Mode, REQUEST_SIZE, RX_BUFFER_SIZE } from "../../firmware/abi/codes.ts";
import { Command, FrameType } from "../../firmware/abi/protocol-codes.ts";
import { encodeRequest } from "../../simulator/host/request-codec.ts";
import { checkSegment, encodeFrame, FrameSplitter } from "../../simulator/client/frame.ts";
import { decodeStatus } from "../../simulator/client/messages.ts";
import { WasmLink } from "../../simulator/link/wasm-link.ts";
import { freshPump } from "./harness.ts";
import { mismatch, PumpModel } from "./fuzz-model.ts";

const RUNS = 260;
/**
 * Bytes handed to receive() between two drains. A receive can only queue responses, so a chunk
 * packed with small requests that have large answers could outgrow the outbox and get requests
 * refused (REQ-PRO-012, tested in events.test.ts). 300 bytes of the smallest request (13 bytes)
 * answered by the largest answer in this pool (HELLO, 105 bytes) stay well inside it.
 */
const MAX_CHUNK_BYTES = 300;
const OPS_PER_RUN = 520;

const checkRequest = (rate: bigint): Uint8Array =>
  encodeRequest({
    entryId: 1001,
    careAreaId: 0,
    concentrationIndex: 0,
    mode: Mode.RATE,
    rateUlPerHour: rate,
    weightG: 80_000n,
  });
/** Requests the fuzz may send valid: none changes anything but counters and the log. */
const PAYLOADS: [number, Uint8Array][] = [
  [Command.GET_STATUS, new Uint8Array(0)],
  [Command.HELLO, Uint8Array.of(1)],
  [Command.READ_LOG, Uint8Array.of(1, 0, 0, 0, 1)],
  [Command.CHECK_PROGRAM, checkRequest(28_000n)],
  [Command.CHECK_PROGRAM, checkRequest(280_000n)],
  [Command.CHECK_PROGRAM, new Uint8Array(REQUEST_SIZE)],
  [0x0020, new Uint8Array(2)],
  [Command.READ_LOG, Uint8Array.of(9)],
];
const PROBE = encodeFrame(FrameType.REQUEST, 0, Command.CHECK_PROGRAM, checkRequest(40_001n));

const validFrame = fc
  .record({ sequence: fc.integer({ min: 0, max: 40 }), which: fc.integer({ min: 0, max: PAYLOADS.length - 1 }) })
  .map(({ sequence, which }) => encodeFrame(FrameType.REQUEST, sequence, PAYLOADS[which][0], PAYLOADS[which][1]));

type Op =
  | { kind: "bytes"; bytes: Uint8Array }
  | { kind: "valid"; bytes: Uint8Array }
  | { kind: "truncated"; cut: number }
  | { kind: "flip"; position: number; bit: number }
  | { kind: "repeat"; back: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.uint8Array({ maxLength: 40 }).map((bytes): Op => ({ kind: "bytes", bytes })) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 524, max: 900 })
      .map((n): Op => ({ kind: "bytes", bytes: Uint8Array.from([...new Uint8Array(n).fill(0x5a), 0]) })),
  },
  { weight: 5, arbitrary: validFrame.map((bytes): Op => ({ kind: "valid", bytes })) },
  { weight: 2, arbitrary: fc.nat().map((cut): Op => ({ kind: "truncated", cut })) },
  {
    weight: 2,
    arbitrary: fc
      .record({ position: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) })
      .map((f): Op => ({ kind: "flip", ...f })),
  },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 20 }).map((back): Op => ({ kind: "repeat", back })) },
);

/** The batch's byte stream; ends with a delimiter so every frame in it is complete. */
function streamOf(ops: Op[]): Uint8Array {
  const sent: Uint8Array[] = [PROBE];
  const parts: Uint8Array[] = [];
  const last = (back = 1): Uint8Array => sent[Math.max(0, sent.length - back)];
  for (const o of ops) {
    if (o.kind === "bytes") parts.push(o.bytes);
    else if (o.kind === "valid") {
      sent.push(o.bytes);
      parts.push(o.bytes);
    } else if (o.kind === "truncated") {
      const frame = last();
      parts.push(frame.subarray(0, o.cut % (frame.length - 1)), Uint8Array.of(0));
    } else if (o.kind === "flip") {
      const frame = last().slice();
      frame[o.position % (frame.length - 1)] ^= 1 << o.bit;
      parts.push(frame);
    } else parts.push(last(o.back));
  }
  parts.push(Uint8Array.of(0));
  return Buffer.concat(parts);
}

describe("REQ-PRO-001 REQ-PRO-002 REQ-PRO-003 REQ-PRO-004 REQ-PRO-005 REQ-PRO-006 fuzzed byte streams", () => {
  it(`${RUNS} runs × ${OPS_PER_RUN} operations: no trap, one correct answer per frame, no state change from bad frames, resync`, async () => {
    const pumpReady = await freshPump(); // compiles once
    expect(pumpReady).toBeDefined();
    let frames = 0;
    const started = performance.now();
    const details = await fc.check(
      fc.asyncProperty(
        fc.array(op, { minLength: OPS_PER_RUN, maxLength: OPS_PER_RUN }),
        fc.integer({ min: 1, max: MAX_CHUNK_BYTES }),
        async (ops, chunkBytes) => {
          const pump = await freshPump();
          const link = new WasmLink(pump);
          link.drain();
          const model = new PumpModel();
          const probeAnswer = (): Uint8Array => {
            link.feed(Uint8Array.of(0, ...PROBE));
            const segments = new FrameSplitter().push(link.drain());
            return segments.filter((s) => {
              const c = checkSegment(s);
              return c.ok && c.frame.type === FrameType.RESPONSE;
            })[0];
          };
          // Baseline: the probe check, executed once; later probes are repeats of it and must match byte for byte.
          const baseline = probeAnswer();
          expect(mismatch(model.expect(new FrameSplitter().push(PROBE)[0]), baseline)).toBeNull();

          const stream = streamOf(ops);
          const sentSplitter = new FrameSplitter();
          const answerSplitter = new FrameSplitter();
          const answers: Uint8Array[] = [];
          const expectations: { segment: Uint8Array; expectation: ReturnType<PumpModel["expect"]> }[] = [];
          for (let at = 0; at < stream.length; at += chunkBytes) {
            const chunk = stream.subarray(at, Math.min(at + chunkBytes, stream.length));
            link.feed(chunk); // a trap would throw here
            for (const segment of sentSplitter.push(chunk))
              expectations.push({ segment, expectation: model.expect(segment) });
            for (const segment of answerSplitter.push(link.drain())) {
              const c = checkSegment(segment);
              if (c.ok && c.frame.type === FrameType.EVENT) continue;
              answers.push(segment);
            }
          }
          frames += expectations.length;
          expect(answers.length).toBe(expectations.length);
          // In stream order, so an executed answer is known before any repeat of it is compared.
          expectations.forEach((e, i) => {
            const problem = mismatch(e.expectation, answers[i]);
            if (problem !== null) throw new Error(`frame ${i} (${Buffer.from(e.segment).toString("hex")}): ${problem}`);
          });

          // Resync and no hidden state change: the probe is still answered exactly as at the start
          // (unless a fuzzed HELLO or sequence 0 took its place), and the counters add up.
          const after = probeAnswer();
          const probeExpect = model.expect(new FrameSplitter().push(PROBE)[0]);
          if (probeExpect.kind === "duplicate") expect(Buffer.from(after).equals(Buffer.from(baseline))).toBe(true);
          else expect(mismatch(probeExpect, after)).toBeNull();
          link.feed(encodeFrame(FrameType.REQUEST, 0xfffe, Command.GET_STATUS, new Uint8Array(0)));
          const statusFrame = checkSegment(new FrameSplitter().push(link.drain()).at(-1)!);
          if (!statusFrame.ok) throw new Error("status answer is damaged");
          const status = decodeStatus(statusFrame.frame.payload);
          const probeExecutedAgain = probeExpect.kind === "executed" ? 1 : 0;
          expect(status).toMatchObject({
            frameErrors: model.frameErrors,
            duplicateRequests: model.duplicates,
            requestsExecuted: model.executed + 1,
            requestsRefused: 0,
            eventsDropped: 0,
            logNextSequence: 3 + model.checksExecuted,
          });
          expect(probeExecutedAgain + model.checksExecuted).toBeGreaterThanOrEqual(1);
        },
      ),
      { numRuns: RUNS },
    );
    // The counterexample is megabytes of bytes: report how to replay it instead.
    if (details.failed)
      throw new Error(
        `fuzz failed: FC_SEED=${details.seed} FC_PATH=${details.counterexamplePath}: ${String(details.errorInstance)}`,
      );
    const seconds = (performance.now() - started) / 1000;
    console.log(`protocol fuzz: ${frames} frames in ${seconds.toFixed(1)} s`);
    expect(frames).toBeGreaterThanOrEqual(100_000);
  });

  it("a length beyond the RX buffer is refused (−1 from the protocol, a negative status from the ABI) and consumes nothing", async () => {
    const pump = await freshPump();
    expect(pump.receive(RX_BUFFER_SIZE + 1)).toBeLessThan(0);
    expect(pump.receive(-1)).toBeLessThan(0);
    expect(pump.receive(0)).toBe(0);
  });
});
