// Dry-run (REQ-LC-014, REQ-LC-015): every order of a set through the real firmware engine with
// the compiled library loaded, each with its verdict, binding limit and expectation check. The
// host only resolves names to ids and converts units; every limit is applied by the WASM engine.
import { MAX_RATE_UL_PER_HOUR, Status, Verdict } from "../../../../firmware/abi/codes.ts";
import type { Firmware } from "../../../../simulator/host/firmware.ts";
import type { AuthorLibrary } from "../../compiler/authoring.ts";
import type { CanonicalLibrary } from "../../compiler/canonical.ts";
import { bindingUnitKey, describeBinding, type Binding } from "./binding.ts";
import { derivedRate, missingValue } from "./explain.ts";
import type { Expectation, ExpectedBinding, Order } from "./orders.ts";
import { resolveOrder, type Resolved } from "./resolve.ts";

export interface OrderResult {
  order: string;
  where: string;
  careArea: string;
  entry: string;
  /** The library entry the order resolved to; null when it did not resolve. */
  entryId: number | null;
  verdict: Expectation;
  binding: Binding | null;
  /** Why the order could not be evaluated (verdict "error"). */
  reason: string | null;
  /** The order itself is malformed (reason says where and why); it was not run. */
  badOrder: boolean;
  expected: Expectation | null;
  /** As written in the order set: PARAM [tier [value unit]]. */
  expectedBinding: string | null;
  /** match / mismatch against the expectation; unchecked without one. */
  outcome: "match" | "mismatch" | "unchecked";
}

export interface DryRunReport {
  results: OrderResult[];
  counts: {
    orders: number;
    go: number;
    soft: number;
    hard: number;
    error: number;
    /** Malformed orders (reported as error rows; exit 2). */
    badOrders: number;
    checked: number;
    mismatches: number;
  };
  /** A mismatch, an error nobody expected or a malformed order. */
  failed: boolean;
}

const VERDICT_NAME: Readonly<Record<number, Expectation>> = {
  [Verdict.GO]: "go",
  [Verdict.SOFT_STOP]: "soft",
  [Verdict.HARD_STOP]: "hard",
};

interface Evaluation {
  verdict: Expectation;
  binding: Binding | null;
  reason: string | null;
  /** The dimension and basis of the binding limit's unit (to compare an expected limit). */
  unitKey?: string;
  entryId?: number;
}

function refused(status: number, detail?: string): Evaluation {
  const words = `the engine refused the request: status ${Status[status] ?? status} (docs/engine.md §5)`;
  return { verdict: "error", binding: null, reason: detail === undefined ? words : `${words}: missing ${detail}` };
}

function evaluate(engine: Firmware, order: Order, library: AuthorLibrary, compiled: CanonicalLibrary): Evaluation {
  if (order.problems.length > 0) return { verdict: "error", binding: null, reason: order.problems.join("; ") };
  const resolved = resolveOrder(order, library, compiled);
  if (!resolved.ok) return { verdict: "error", binding: null, reason: resolved.reason };
  return { ...engineVerdict(engine, resolved, library), entryId: resolved.entry.id };
}

function engineVerdict(
  engine: Firmware,
  resolved: Extract<Resolved, { ok: true }>,
  library: AuthorLibrary,
): Evaluation {
  const result = engine.evaluate(resolved.request);
  if (result.status === Status.MISSING_VALUE)
    return refused(result.status, missingValue(resolved.request, resolved.canonical));
  if (result.status === Status.DERIVED_OUT_OF_RANGE) {
    // A dose or duration whose delivered rate the pump cannot run is refused outright: a hard
    // stop, bound by the engine's rate range (docs/engine.md §4), with the rate it derived.
    const derived = derivedRate(resolved.request, resolved.canonical);
    if (derived === undefined) return refused(result.status);
    const limit = derived.above ? BigInt(MAX_RATE_UL_PER_HOUR) : 1n;
    return {
      verdict: "hard",
      binding: {
        param: "RATE",
        tier: derived.above ? "hard max" : "hard min",
        limit: `${derived.above ? "9999.999" : "0.001"} mL/h (the engine's rate range, DERIVED_OUT_OF_RANGE)`,
        limitCanonical: limit.toString(),
        derivedRate: derived.text,
      },
      reason: null,
      unitKey: "rate",
    };
  }
  if (result.status !== Status.OK) return refused(result.status);
  const verdict = VERDICT_NAME[result.verdict];
  const area = library.careAreas.find((a) => a.id === resolved.request.careAreaId);
  if (result.verdict === Verdict.GO || area === undefined) return { verdict, binding: null, reason: null };
  const binding = describeBinding(
    result.bindingParam,
    result.bindingTier,
    result.bindingLimitValue,
    resolved.entry,
    area,
    resolved.concentration,
  );
  const unitKey = bindingUnitKey(result.bindingParam, resolved.entry, area, resolved.concentration);
  return { verdict, binding, reason: null, unitKey };
}

/** The binding matches the expectation in every part the expectation names. */
function bindingMatches(expected: ExpectedBinding, actual: Evaluation): boolean {
  const binding = actual.binding;
  if (binding === null || expected.param !== binding.param) return false;
  if (expected.tier !== undefined && expected.tier !== binding.tier) return false;
  if (expected.limit === undefined) return true;
  return expected.limit.dimension === actual.unitKey && expected.limit.canonical.toString() === binding.limitCanonical;
}

/** Runs `orders` on `engine`, which must already have the compiled library loaded. */
export function dryRun(
  engine: Firmware,
  orders: Order[],
  library: AuthorLibrary,
  compiled: CanonicalLibrary,
): DryRunReport {
  const results = orders.map((order): OrderResult => {
    const evaluation = evaluate(engine, order, library, compiled);
    const { verdict, binding, reason } = evaluation;
    const badOrder = order.problems.length > 0;
    const expected = order.expected ?? null;
    const expectedBinding = order.expectedBinding ?? null;
    const checked = !badOrder && (expected !== null || expectedBinding !== null);
    const matches =
      (expected === null || expected === verdict) &&
      (expectedBinding === null || bindingMatches(expectedBinding, evaluation));
    return {
      order: order.label,
      where: order.where,
      careArea: order.careArea,
      entry: order.entry,
      entryId: evaluation.entryId ?? null,
      verdict,
      binding,
      reason,
      badOrder,
      expected,
      expectedBinding: expectedBinding?.text ?? null,
      outcome: checked ? (matches ? "match" : "mismatch") : "unchecked",
    };
  });
  const count = (verdict: Expectation): number => results.filter((r) => r.verdict === verdict).length;
  const counts = {
    orders: results.length,
    go: count("go"),
    soft: count("soft"),
    hard: count("hard"),
    error: count("error"),
    badOrders: results.filter((r) => r.badOrder).length,
    checked: results.filter((r) => r.outcome !== "unchecked").length,
    mismatches: results.filter((r) => r.outcome === "mismatch").length,
  };
  const unexpectedError = results.some((r) => r.verdict === "error" && (r.badOrder || r.expected !== "error"));
  return { results, counts, failed: counts.mismatches > 0 || unexpectedError };
}
