// The gate for signing (REQ-LC-019): only a released library whose approvals complete the
// committee and match its current content may be signed. Signing code calls this first and
// refuses on any reason it returns.
import { contentDigest } from "./content-digest.ts";
import { approvalProblems, readState } from "./transitions.ts";

/** Why `json` may not be signed; [] when it may. */
export function signingRefusals(json: unknown): string[] {
  const digest = contentDigest(json);
  if (!digest.ok) return [`the library does not compile (${digest.errors.length} errors); run library validate`];
  const state = readState(json);
  if (state.status !== "released")
    return [
      `only a released library can be signed; this one is ${state.status} (library approve, then library release)`,
    ];
  return approvalProblems(state, digest.sha256);
}
