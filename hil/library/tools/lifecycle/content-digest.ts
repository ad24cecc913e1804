// What an approval is bound to (REQ-LC-018): the SHA-256 of the image the library compiles to
// with status "draft". It covers the name, version and every compiled limit, but not the status
// byte, so approving and releasing do not change it while any edit to the content does.
import { createHash } from "node:crypto";
import { compileLibrary } from "../../compiler/compile.ts";
import type { LibraryError } from "../../compiler/errors.ts";

export type DigestResult = { ok: true; sha256: string } | { ok: false; errors: LibraryError[] };

export function contentDigest(json: unknown): DigestResult {
  const asWritten = compileLibrary(json);
  if (!asWritten.ok) return { ok: false, errors: asWritten.errors };
  const asDraft = compileLibrary({ ...(json as object), status: "draft" });
  if (!asDraft.ok) return { ok: false, errors: asDraft.errors }; // unreachable: only the status differs
  return { ok: true, sha256: createHash("sha256").update(asDraft.image).digest("hex") };
}
