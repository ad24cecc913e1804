// Dry-run (REQ-LC-014, REQ-LC-015): every order of a set through the real firmware engine with
// the compiled library loaded, each with its verdict, binding limit and expectation check. The
// host only resolves names to ids and converts units; every limit is applied by the WASM engine.
import { Status, Verdict } from "../../../../firmware/abi/codes.ts";
import type { Firmware } from "../../../../simulator/host/firmware.ts";
import type { AuthorLibrary } from "../../compiler/authoring.ts";
import type { CanonicalLibrary } from "../../compiler/canonical.ts";
import { describeBinding, type Binding } from "./binding.ts";
import type { Expectation, Order } from "./orders.ts";
import { resolveOrder } from "./resolve.ts";

export interface OrderResult {
  order: string;
  where: string;
  careArea: string;
  entry: string;
  verdict: Expectation;
  binding: Binding | null;
  /** Why the order could not be evaluated (verdict "error"). */
  reason: string | null;
  expected: Expectation | null;
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
    checked: number;
    mismatches: number;
  };
  /** A mismatch, or an error nobody expected: exit 1. */
  failed: boolean;
}

const VERDICT_NAME: Readonly<Record<number, Expectation>> = {
  [Verdict.GO]: "go",
  [Verdict.SOFT_STOP]: "soft",
  [Verdict.HARD_STOP]: "hard",
};

function evaluate(
  engine: Firmware,
  order: Order,
  library: AuthorLibrary,
  compiled: CanonicalLibrary,
): Pick<OrderResult, "verdict" | "binding" | "reason"> {
  const resolved = resolveOrder(order, library, compiled);
  if (!resolved.ok) return { verdict: "error", binding: null, reason: resolved.reason };
  const result = engine.evaluate(resolved.request);
  if (result.status !== Status.OK)
    return {
      verdict: "error",
      binding: null,
      reason: `the engine refused the request: status ${Status[result.status] ?? result.status} (docs/engine.md §5)`,
    };
  const verdict = VERDICT_NAME[result.verdict];
  const area = library.careAreas.find((a) => a.id === resolved.request.careAreaId);
  const binding =
    result.verdict === Verdict.GO || area === undefined
      ? null
      : describeBinding(
          result.bindingParam,
          result.bindingTier,
          result.bindingLimitValue,
          resolved.entry,
          area,
          resolved.concentration,
        );
  return { verdict, binding, reason: null };
}

/** Runs `orders` on `engine`, which must already have the compiled library loaded. */
export function dryRun(
  engine: Firmware,
  orders: Order[],
  library: AuthorLibrary,
  compiled: CanonicalLibrary,
): DryRunReport {
  const results = orders.map((order): OrderResult => {
    const { verdict, binding, reason } = evaluate(engine, order, library, compiled);
    const expected = order.expected ?? null;
    const expectedBinding = order.expectedBinding ?? null;
    const checked = expected !== null || expectedBinding !== null;
    const matches =
      (expected === null || expected === verdict) && (expectedBinding === null || expectedBinding === binding?.param);
    return {
      order: order.label,
      where: order.where,
      careArea: order.careArea,
      entry: order.entry,
      verdict,
      binding,
      reason,
      expected,
      expectedBinding,
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
    checked: results.filter((r) => r.outcome !== "unchecked").length,
    mismatches: results.filter((r) => r.outcome === "mismatch").length,
  };
  const unexpectedError = results.some((r) => r.verdict === "error" && r.expected !== "error");
  return { results, counts, failed: counts.mismatches > 0 || unexpectedError };
}
