// `npx tsx hil/scenarios/files/make-files.ts` (from the repository root): regenerates the library
// files the REQ-SIG scenarios send with `transferLibrary` (docs/hil-scenarios.md §5). Every byte is
// deterministic: the example library (hil/library/examples/general-hospital.json) compiled at a
// chosen version as released (the compiler is deterministic), signed with Ed25519 (deterministic,
// RFC 8032) by the TEST keys of hil/library/examples/test-keys.ts, which are derived from labelled
// seeds at run time. No private key is written: the folder holds the signed files and the PUBLIC
// key the scenarios provision. tests/hil/scenario-library-files.test.ts checks that regenerating
// gives exactly the committed bytes, so the SHA-256 pinned in each scenario stays valid.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { IMAGE_HEADER_SIZE, SIGNATURE_TRAILER_SIZE } from "../../../firmware/abi/codes.ts";
import { exampleFile } from "../../library/examples/example-files.ts";
import { HOSPITAL_KEY, OTHER_KEY } from "../../library/examples/test-keys.ts";
import { publicKeyFileText } from "../../../simulator/host/key-files.ts";
import { signImage } from "../../library/tools/signing/sign.ts";
import { compileLibrary } from "../../library/compiler/compile.ts";
import { ORDERED_LIBRARY_FILE_NAME, orderedLibraryImage } from "../gw-library.ts";

/** The PCA scenarios' library (issue 15, PCA-*.json): hil/library/pca/pca-hospital.json, compiled, unsigned. */
export const PCA_LIBRARY_JSON = "hil/library/pca/pca-hospital.json";

function pcaImage(): Uint8Array {
  const compiled = compileLibrary(JSON.parse(readFileSync(PCA_LIBRARY_JSON, "utf8")));
  if (!compiled.ok) throw new Error(`${PCA_LIBRARY_JSON} does not compile`);
  return compiled.image;
}

export const FILES_DIR = "hil/scenarios/files";

/** One file's name and bytes, in the order they are written. */
export interface ScenarioFile {
  name: string;
  bytes: Uint8Array;
}

/** The signed v13 with one bit of its body flipped: the byte in the middle of the body, XOR 0x01. */
function tampered(signed: Uint8Array): Uint8Array {
  const copy = signed.slice();
  const bodyLength = copy.length - SIGNATURE_TRAILER_SIZE - IMAGE_HEADER_SIZE;
  copy[IMAGE_HEADER_SIZE + Math.floor(bodyLength / 2)] ^= 0x01;
  return copy;
}

/** Every file of the folder, made afresh. */
export function scenarioFiles(): ScenarioFile[] {
  const v13 = signImage(exampleFile(13), HOSPITAL_KEY.privateKey);
  return [
    // The public key the scenarios provision (provisionKey takes the 64 hex digits after the label).
    { name: "test-key.pub", bytes: new TextEncoder().encode(publicKeyFileText(HOSPITAL_KEY.publicKey)) },
    { name: "example-v13-signed.dersimg", bytes: v13 },
    { name: "example-v13-tampered.dersimg", bytes: tampered(v13) },
    { name: "example-v12-signed.dersimg", bytes: signImage(exampleFile(12), HOSPITAL_KEY.privateKey) },
    { name: "example-v14-unsigned.dersimg", bytes: exampleFile(14) },
    { name: "example-v14-other-key.dersimg", bytes: signImage(exampleFile(14), OTHER_KEY.privateKey) },
    { name: "pca-hospital.dersimg", bytes: pcaImage() },
    // Issue 13: the example library with external codes, unsigned, for the GW-0* scenarios (gw-library.ts).
    { name: ORDERED_LIBRARY_FILE_NAME, bytes: orderedLibraryImage() },
  ];
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const file of scenarioFiles()) {
    writeFileSync(`${FILES_DIR}/${file.name}`, file.bytes);
    console.log(
      `${createHash("sha256").update(file.bytes).digest("hex")}  ${FILES_DIR}/${file.name} (${file.bytes.length} bytes)`,
    );
  }
}
