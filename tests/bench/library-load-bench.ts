// `npx tsx tests/bench/library-load-bench.ts` (after npm run build:firmware): how long a pump takes
// to admit and activate a signed library of 100 / 1,000 / 10,000 entries — signature (SHA-512 over
// the image + Ed25519), SHA-256 of the body, every structural rule, entry buckets, the NV commit
// and its record — and the release .wasm size with the crypto in it. A benchmark, not a test: it
// prints figures and the targets they are measured against, and never fails on speed.
// Targets (issue 5): load + verify ≤ 50 ms for 10,000 entries; the whole pump ≤ 64 KiB of .wasm.
import { readFileSync } from "node:fs";
import {
  LIBRARY_REGION_OFFSET,
  PUBLIC_KEY_SIZE,
  REQUEST_OFFSET,
  SIGNATURE_TRAILER_SIZE,
  Status,
} from "../../firmware/abi/codes.ts";
import { encodeImage } from "../../hil/library/compiler/encode-image.ts";
import { signImage } from "../../hil/library/tools/signing/sign.ts";
import { checkExports, type FirmwareExports } from "../../simulator/host/firmware-exports.ts";
import { HOSPITAL_KEY } from "../../hil/library/examples/test-keys.ts";
import { makeSyntheticLibrary } from "./synthetic-library.ts";
import { entryBytesReport } from "./entry-bytes.ts";

const SEED = Number(process.env.BENCH_SEED ?? 424242);
const SIZES = [100, 1_000, 10_000];
const ROUNDS = 9;
const TARGET_MS = 50;
const TARGET_WASM_BYTES = 64 * 1024;

const RELEASE = new WebAssembly.Module(readFileSync("build/ders.wasm"));
const TESTKIT = new WebAssembly.Module(readFileSync("build/ders.testkit.wasm"));

interface Testkit {
  memory: WebAssembly.Memory;
  testSha256(dataPtr: number, lengthBytes: number, outPtr: number): void;
  testSha512(dataPtr: number, lengthBytes: number, outPtr: number): void;
  testEd25519Verify(publicKeyPtr: number, messagePtr: number, messageLength: number, signaturePtr: number): number;
}

/** A started pump (cold start done, outside the timing), provisioned with the test key or not. */
function freshPump(provisioned: boolean): FirmwareExports {
  const firmware = checkExports(new WebAssembly.Instance(RELEASE, {}).exports);
  firmware.init();
  if (provisioned) {
    new Uint8Array(firmware.memory.buffer).set(HOSPITAL_KEY.publicKey, REQUEST_OFFSET);
    if (firmware.provisionPublicKey() !== Status.OK) throw new Error("provisioning refused");
  }
  return firmware;
}

function stats(samples: number[]): { best: number; median: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { best: sorted[0], median: sorted[Math.floor(sorted.length / 2)] };
}

/** ms of libraryLoad alone; the host's copy into the staging slot happens before the clock starts. */
function timeLoad(file: Uint8Array, provisioned: boolean): { best: number; median: number } {
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const firmware = freshPump(provisioned);
    new Uint8Array(firmware.memory.buffer).set(file, firmware.libraryStagingOffset());
    const start = process.hrtime.bigint();
    const status = firmware.libraryLoad(file.length);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (status !== Status.OK) throw new Error(`a ${file.length}-byte file was refused: status ${status}`);
  }
  return stats(samples);
}

/** ms of one primitive in the testkit build (same optimisation as the release build). */
function timeKit(run: (kit: Testkit) => void): { best: number; median: number } {
  const kit = new WebAssembly.Instance(TESTKIT, {}).exports as unknown as Testkit;
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    run(kit);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return stats(samples);
}

const ms = (s: { best: number; median: number }): string => `${s.best.toFixed(1)} / ${s.median.toFixed(1)} ms`;

function main(): void {
  console.log(
    `DERS library load benchmark — seed ${SEED} (BENCH_SEED=${SEED} to repeat), Node ${process.version}, ${ROUNDS} rounds, best / median`,
  );
  const rows: string[] = [];
  let largest = { best: 0, median: 0 };
  for (const size of SIZES) {
    const image = encodeImage(makeSyntheticLibrary(size, SEED + size));
    const file = signImage(image, HOSPITAL_KEY.privateKey);
    const signedLoad = timeLoad(file, true);
    const unsignedLoad = timeLoad(image, false);
    // The pieces, each alone over the same bytes (message in the library region, as on the pump).
    const KEY_AT = 0x400;
    const SIGNATURE_AT = 0x420;
    const OUT_AT = 0x500;
    const put = (kit: Testkit): void => {
      const memory = new Uint8Array(kit.memory.buffer);
      memory.set(file, LIBRARY_REGION_OFFSET);
      memory.set(HOSPITAL_KEY.publicKey.subarray(0, PUBLIC_KEY_SIZE), KEY_AT);
      memory.set(file.subarray(file.length - 64), SIGNATURE_AT);
    };
    const verify = timeKit((kit) => {
      put(kit);
      if (kit.testEd25519Verify(KEY_AT, LIBRARY_REGION_OFFSET, image.length, SIGNATURE_AT) !== 1)
        throw new Error("signature refused by the testkit");
    });
    const sha256 = timeKit((kit) => kit.testSha256(LIBRARY_REGION_OFFSET + 96, image.length - 96, OUT_AT));
    const sha512 = timeKit((kit) => kit.testSha512(LIBRARY_REGION_OFFSET, image.length, OUT_AT));
    if (size === SIZES[SIZES.length - 1]) largest = signedLoad;
    rows.push(
      `| ${size.toLocaleString("en-US")} | ${(file.length / 1024).toFixed(1)} KiB | **${ms(signedLoad)}** | ${ms(unsignedLoad)} | ${ms(verify)} | ${ms(sha512)} | ${ms(sha256)} |`,
    );
  }
  console.log(
    "\n| entries | signed file | load + verify, signed (provisioned pump) | load + verify, unsigned (development pump) | Ed25519 verify incl. SHA-512 | SHA-512 of image | SHA-256 of body |",
  );
  console.log("|---|---|---|---|---|---|---|");
  for (const row of rows) console.log(row);
  console.log(
    `\n"load + verify" is libraryLoad: trailer, Ed25519 (SHA-512 over the image), SHA-256 of the body, every structural rule,`,
  );
  console.log(
    `release and rollback policy, entry buckets, the NV header commit and its LIBRARY_ACTIVATED record (trailer ${SIGNATURE_TRAILER_SIZE} bytes).`,
  );
  console.log(
    `target ≤ ${TARGET_MS} ms at 10,000 entries: best ${largest.best.toFixed(1)} ms, median ${largest.median.toFixed(1)} ms — ${largest.median <= TARGET_MS ? "met" : "NOT met"}`,
  );
  const wasm = readFileSync("build/ders.wasm");
  console.log(
    `release .wasm: ${wasm.length} bytes (${(wasm.length / 1024).toFixed(2)} KiB; the whole pump with SHA-256, SHA-512 and Ed25519) — target ≤ 64 KiB: ${wasm.length <= TARGET_WASM_BYTES ? "met" : "NOT met"}`,
  );
  for (const line of entryBytesReport()) console.log(line);
}

main();
