// The precomputed base-point table of the fast Ed25519 verifier (docs/decisions/0017) holds exactly
// B, 3B, …, 15B as an independent BigInt computation from RFC 8032 §5.1 gives them.
import { beforeAll, describe, expect, it } from "vitest";
import { baseMultiplesLimbs } from "./ed25519-base-multiples.ts";
import { loadTestkit, type Testkit } from "./testkit.ts";

let kit: Testkit;
beforeAll(() => {
  kit = loadTestkit();
});

describe("REQ-SIG-002 REQ-PORT-010 the Ed25519 base-point table", () => {
  it("holds B, 3B, …, 15B as y + x, y − x and 2d·x·y, limb for limb", () => {
    const expected = baseMultiplesLimbs();
    expect(expected).toHaveLength(240);
    const table = new Int32Array(kit.memory.buffer, kit.testEd25519BaseMultiples(), expected.length);
    expect([...table]).toEqual(expected);
  });
});
