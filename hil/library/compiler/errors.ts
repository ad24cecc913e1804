// Library errors: every problem found in an authoring file, with where it is (a JSON Pointer into
// the file) and which rule it breaks, so a pharmacist can find and fix the exact field.

export interface LibraryError {
  /** JSON Pointer into the library file, e.g. "/entries/3/limits/dose/hardMax"; "" is the whole file. */
  path: string;
  /** Rule id (docs/library-format.md §Rules), e.g. "tier-order" or "schema:required". */
  rule: string;
  message: string;
}

/** Collects errors in document order; rules never stop at the first error (REQ-LIB-009). */
export class ErrorList {
  readonly errors: LibraryError[] = [];

  add(path: string, rule: string, message: string): void {
    this.errors.push({ path, rule, message });
  }

  get count(): number {
    return this.errors.length;
  }
}

/** Appends one segment to a JSON Pointer, escaping "~" and "/" (RFC 6901). */
export function pointer(base: string, segment: string | number): string {
  return `${base}/${String(segment).replace(/~/g, "~0").replace(/\//g, "~1")}`;
}

/** "path: message [rule]" — the one line format the CLI prints. */
export function formatError(error: LibraryError): string {
  return `${error.path === "" ? "/" : error.path}: ${error.message} [${error.rule}]`;
}
