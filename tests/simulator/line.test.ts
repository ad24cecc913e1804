// The virtual serial line on its own (no tty, no firmware): exact probabilities, seeded impairments
// that depend only on the seed and the bytes, and UART pacing on the virtual clock.
import { describe, expect, it } from "vitest";
import { BaudPacer } from "../../simulator/virtual-pump/baud-pacer.ts";
import { Impairments } from "../../simulator/link/impairments.ts";
import { LineDirection } from "../../simulator/virtual-pump/line.ts";
import { parseProbability, type Probability } from "../../simulator/link/probability.ts";
import { derivedStream } from "../../simulator/link/prng.ts";
import { directionStream, HOST_TO_PUMP_STREAM, PUMP_TO_HOST_STREAM } from "../../simulator/link/line-impairments.ts";

const p = (text: string): Probability => {
  const parsed = parseProbability(text);
  if ("error" in parsed) throw new Error(parsed.error);
  return parsed;
};

const TRAFFIC = Uint8Array.from({ length: 20_000 }, (_, i) => (i * 37 + (i >> 8)) & 0xff);
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

describe("REQ-SIM-007 line impairments", () => {
  it("REQ-SIM-007: probabilities are exact decimal strings from 0 to 1; anything else is refused with a reason", () => {
    expect(p("0").thresholdU32).toBe(0);
    expect(p("1").thresholdU32).toBe(2 ** 32);
    expect(p("0.5").thresholdU32).toBe(2 ** 31);
    expect(p("0.25").thresholdU32).toBe(2 ** 30);
    expect(p("1.000").thresholdU32).toBe(2 ** 32);
    for (const bad of ["1.5", "2", "-0.1", ".5", "0.", "1e-3", "abc", "", "0.5 "]) {
      expect(parseProbability(bad), bad).toHaveProperty("error");
    }
  });

  it("REQ-SIM-007: the same seed and bytes give the same impairments, whatever the chunking; another seed gives others", () => {
    const settings = { drop: p("0.01"), duplicate: p("0.01"), corrupt: p("0.01") };
    const whole = new Impairments(settings, derivedStream(42, 1)).apply(TRAFFIC);
    const chunked = new Impairments(settings, derivedStream(42, 1));
    const pieces: number[] = [];
    for (let at = 0; at < TRAFFIC.length; at += 7) pieces.push(...chunked.apply(TRAFFIC.subarray(at, at + 7)));
    expect(same(Uint8Array.from(pieces), whole)).toBe(true);
    const other = new Impairments(settings, derivedStream(43, 1)).apply(TRAFFIC);
    expect(same(other, whole)).toBe(false);
  });

  it("REQ-SIM-007: each impairment happens at about its rate, and really changes the bytes", () => {
    const drop = new Impairments({ drop: p("0.05") }, derivedStream(7, 1));
    expect(drop.apply(TRAFFIC).length).toBe(TRAFFIC.length - drop.counts.dropped);
    expect(drop.counts.dropped).toBeGreaterThan(800);
    expect(drop.counts.dropped).toBeLessThan(1200);

    const duplicate = new Impairments({ duplicate: p("0.05") }, derivedStream(7, 1));
    expect(duplicate.apply(TRAFFIC).length).toBe(TRAFFIC.length + duplicate.counts.duplicated);
    expect(duplicate.counts.duplicated).toBeGreaterThan(800);

    const corrupt = new Impairments({ corrupt: p("0.05") }, derivedStream(7, 1));
    const damaged = corrupt.apply(TRAFFIC);
    const differing = damaged.filter((byte, i) => byte !== TRAFFIC[i]).length;
    expect(differing).toBe(corrupt.counts.corrupted);
    expect(corrupt.counts.corrupted).toBeGreaterThan(800);
    // exactly one bit flipped in every damaged byte
    const notOneBit = damaged.filter((byte, i) => ![0, 1, 2, 4, 8, 16, 32, 64, 128].includes(byte ^ TRAFFIC[i]));
    expect(notOneBit.length).toBe(0);
  });

  it("REQ-SIM-007: probability 0 leaves the line ideal and draws nothing; 1 drops everything", () => {
    let draws = 0;
    const counting = () => (draws++, 0);
    expect(same(new Impairments({}, counting).apply(TRAFFIC), TRAFFIC)).toBe(true);
    expect(draws).toBe(0);
    expect(new Impairments({ drop: p("1") }, derivedStream(1, 1)).apply(TRAFFIC).length).toBe(0);
  });

  it("REQ-SIM-007: the two directions have independent streams from one seed", () => {
    const settings = { corrupt: p("0.02") };
    const hostToPump = new LineDirection(undefined, settings, directionStream(99, HOST_TO_PUMP_STREAM));
    const pumpToHost = new LineDirection(undefined, settings, directionStream(99, PUMP_TO_HOST_STREAM));
    hostToPump.send(TRAFFIC);
    pumpToHost.send(TRAFFIC);
    expect(same(hostToPump.advance(0), pumpToHost.advance(0))).toBe(false);
  });
});

describe("REQ-SIM-006 baud pacing on the virtual clock", () => {
  it("REQ-SIM-006: at 9600 baud, 960 bytes per simulated second leave, exactly ⌊t·9600/10⌋ bytes after t ms", () => {
    const pacer = new BaudPacer(9600);
    pacer.push(new Uint8Array(2000));
    let released = 0;
    for (let ms = 1; ms <= 1000; ms++) {
      released += pacer.advance(1).length;
      expect(released).toBe(Math.floor((ms * 9600) / 10_000));
    }
    expect(released).toBe(960);
  });

  it("REQ-SIM-006: the step size does not change what has left by a given time", () => {
    const oneStep = new BaudPacer(115_200);
    const manySteps = new BaudPacer(115_200);
    oneStep.push(new Uint8Array(5000));
    manySteps.push(new Uint8Array(5000));
    let many = 0;
    for (let i = 0; i < 30; i++) many += manySteps.advance(7).length;
    expect(oneStep.advance(210).length).toBe(many);
    expect(many).toBe(Math.floor((210 * 115_200) / 10_000));
  });

  it("REQ-SIM-006: an idle line banks no time, and an unpaced line releases everything at once", () => {
    const pacer = new BaudPacer(1000); // 100 bytes per second
    expect(pacer.advance(10_000).length).toBe(0);
    pacer.push(new Uint8Array(50));
    expect(pacer.advance(0).length).toBe(0);
    expect(pacer.advance(100).length).toBe(10);
    const ideal = new BaudPacer(undefined);
    ideal.push(new Uint8Array(50));
    expect(ideal.advance(0).length).toBe(50);
  });

  it("REQ-SIM-006: a nonsense baud rate is refused", () => {
    expect(() => new BaudPacer(0)).toThrow(/baudRate/);
    expect(() => new BaudPacer(9600.5)).toThrow(/baudRate/);
  });
});
