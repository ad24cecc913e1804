// The library lifecycle (REQ-LC-016..018): draft → approved → released. Approvals accumulate on
// a draft until the committee rule holds, which makes it approved; only an approved library whose
// approvals still match its content can be released; a released library never changes.
import type { LibraryStatusName } from "../../compiler/authoring.ts";
import { describeApprover, missingRoles, personKey, type Approval, type Approver } from "./approvals.ts";

export interface LifecycleState {
  status: LibraryStatusName;
  approvals: Approval[];
}

export type Transition = { ok: true; state: LifecycleState; note: string } | { ok: false; reason: string };

const NEW_VERSION_HINT =
  'to change it, start the next version: set "status" to "draft", increase "version" and remove "approvals"';

/** The lifecycle fields of a library that passed the schema. */
export function readState(json: unknown): LifecycleState {
  const library = json as { status: LibraryStatusName; approvals?: Approval[] };
  return { status: library.status, approvals: [...(library.approvals ?? [])] };
}

/** Approvals given to other content than `digest` (the library changed after them). */
function staleApprovals(state: LifecycleState, digest: string): Approval[] {
  return state.approvals.filter((a) => a.contentSha256 !== digest);
}

/** Why the approvals do not (or no longer) approve this content; [] when they do. */
export function approvalProblems(state: LifecycleState, digest: string): string[] {
  const problems = staleApprovals(state, digest).map(
    (a) =>
      `the approval of ${describeApprover(a)} on ${a.date} was for other content (sha256 ${a.contentSha256.slice(0, 12)}…, now ${digest.slice(0, 12)}…): the library changed after it`,
  );
  const missing = missingRoles(state.approvals);
  if (missing.length > 0)
    problems.push(
      `no approval yet by: ${missing.join(", ")} (the committee needs a pharmacist, a nurse and a physician)`,
    );
  return problems;
}

export function approve(state: LifecycleState, approvers: Approver[], date: string, digest: string): Transition {
  if (state.status === "released")
    return { ok: false, reason: `the library is released and can no longer be approved; ${NEW_VERSION_HINT}` };
  const stale = staleApprovals(state, digest);
  if (stale.length > 0) {
    return {
      ok: false,
      reason: `${stale.map(describeApprover).join(", ")} approved other content (the library changed after their approval); remove "approvals", set "status" to "draft" and collect the approvals again`,
    };
  }
  const seen = new Map(state.approvals.map((a) => [personKey(a.name), a]));
  const added: Approval[] = [];
  for (const approver of approvers) {
    const earlier = seen.get(personKey(approver.name));
    if (earlier !== undefined)
      return {
        ok: false,
        reason: `${approver.name} already approved this version as ${earlier.role}; each person approves once, in one role`,
      };
    const approval: Approval = { name: approver.name, role: approver.role, date, contentSha256: digest };
    seen.set(personKey(approver.name), approval);
    added.push(approval);
  }
  const approvals = [...state.approvals, ...added];
  const missing = missingRoles(approvals);
  const status = missing.length === 0 ? "approved" : "draft";
  const note =
    missing.length === 0
      ? "the committee is complete: status approved"
      : `status stays draft: still needs approval by: ${missing.join(", ")}`;
  return { ok: true, state: { status, approvals }, note };
}

export function release(state: LifecycleState, digest: string): Transition {
  if (state.status === "released") return { ok: false, reason: `the library is already released; ${NEW_VERSION_HINT}` };
  if (state.status === "draft") {
    const missing = missingRoles(state.approvals);
    return {
      ok: false,
      reason: `a draft cannot be released; approve it first (library approve --approver "Name:role"${missing.length > 0 ? `; still needs approval by: ${missing.join(", ")}` : ""})`,
    };
  }
  const problems = approvalProblems(state, digest);
  if (problems.length > 0)
    return { ok: false, reason: `the approved library cannot be released: ${problems.join("; ")}` };
  return { ok: true, state: { status: "released", approvals: state.approvals }, note: "status released" };
}
