// SHA256SUMS (REQ-RPT-008): one line per file, `<64 lower-case hex>  <name>`, sorted by name,
// exactly what `sha256sum report.json report.html junit.xml` prints and `sha256sum -c` checks.
import { createHash } from "node:crypto";

export interface ManifestFile {
  name: string;
  bytes: Uint8Array;
}

export const sha256Hex = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

export function sha256Manifest(files: readonly ManifestFile[]): string {
  for (const f of files) {
    // sha256sum escapes such names with a leading backslash; the reports never need them.
    if (f.name === "" || /[\\\n\r]/.test(f.name))
      throw new Error(`SHA256SUMS: file name ${JSON.stringify(f.name)} is empty or holds a backslash or line break`);
  }
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].name === sorted[i - 1].name)
      throw new Error(`SHA256SUMS: file name ${sorted[i].name} is listed twice`);
  }
  return sorted.map((f) => `${sha256Hex(f.bytes)}  ${f.name}\n`).join("");
}
