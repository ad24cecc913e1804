// `library verify <signed-file> --key <public-key-file>`: would a pump provisioned with this key
// admit this file? Answered by the real firmware, not by a second implementation of admission:
// a fresh instance of the release module (a blank pump), the key provisioned as the factory does
// (provisionPublicKey), the file loaded as a transfer would activate it (libraryLoad), and the
// firmware's status reported by name (REQ-LC-032, REQ-SIG-005).
// Exit 0 the pump admits it, 1 the firmware refuses the file (or the key), 2 usage, file or key errors.
import { createHash } from "node:crypto";
import { Status } from "../../../../firmware/abi/codes.ts";
import { loadEngine } from "../dryrun/command.ts";
import { expectPositional, isHelp, parseOptions, single } from "../lifecycle/args.ts";
import {
  CommandError,
  EXIT_FINDINGS,
  EXIT_OK,
  readInputBytes,
  readInputText,
  type Io,
} from "../lifecycle/cli-support.ts";
import { parseKeyFile, PUBLIC_KEY_LABEL } from "../../../../simulator/host/key-files.ts";
import { keyIdOf, splitSignedFile } from "../signing/trailer.ts";
import { firmwareBuildPath } from "../../../../simulator/host/memory-layout.ts";

export const VERIFY_HELP = `library verify — would a provisioned pump admit this signed file? (docs/library-tools.md §8)

Usage:
  npm run library -- verify <signed-file> --key <public-key-file> [--firmware <ders.wasm>]

Runs the release firmware (default build/ders.wasm) as a blank pump: provisions the public key,
loads the file exactly as an activation does, and prints the firmware's status by name — OK, or
why it refuses (IMAGE_UNSIGNED, IMAGE_SIGNATURE, IMAGE_WRONG_KEY, IMAGE_NOT_RELEASED, IMAGE_DIGEST,
…; docs/abi.md §6). A pump that already holds a library also refuses a version not above it
(IMAGE_ROLLBACK); a blank pump has none.

--key: the public key the pumps are provisioned with, PEM ("-----BEGIN PUBLIC KEY-----") or one
line "${PUBLIC_KEY_LABEL}<64 hex digits>" (library key-id prints it). A private key is refused: a
check at the pump side needs only the public key.

Example:
  npm run library -- verify library.signed.dersimg --key release-key.pub.pem

Exit codes: 0 a provisioned pump admits the file, 1 the firmware refuses it, 2 usage, file or key errors.`;

const USAGE = "verify <signed-file> --key <public-key-file>";
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

function publicKey(path: string): Uint8Array {
  let parsed;
  try {
    parsed = parseKeyFile(readInputText(path), path);
  } catch (error) {
    if (error instanceof CommandError) throw error;
    throw new CommandError((error as Error).message);
  }
  if (parsed.kind === "private")
    throw new CommandError(
      `${path} holds a private key; verify takes the public key the pumps hold (library key-id ${path} prints it; save it as "${PUBLIC_KEY_LABEL}<hex>")`,
    );
  return parsed.publicKey;
}

export function verifyCommand(argv: string[], io: Io): number {
  if (isHelp(argv)) {
    io.out(VERIFY_HELP);
    return EXIT_OK;
  }
  const args = parseOptions(argv, [
    { name: "key", value: true, example: "release-key.pub.pem" },
    { name: "firmware", value: true, example: "build/ders.wasm" },
  ]);
  const [file] = expectPositional(args, 1, USAGE);
  const keyPath = single(args, "key");
  if (keyPath === undefined)
    throw new CommandError(`verify needs the pumps' public key: add --key <public-key-file>; usage: ${USAGE}`);
  const key = publicKey(keyPath);
  const bytes = readInputBytes(file);
  const pump = loadEngine(single(args, "firmware") ?? firmwareBuildPath());

  io.out(`file: ${file}, ${bytes.length} bytes, SHA-256 ${createHash("sha256").update(bytes).digest("hex")}`);
  const { trailer } = splitSignedFile(bytes);
  io.out(
    `key: ${hex(key)} (key id ${hex(keyIdOf(key))}); the file ${trailer === undefined ? "has no signature trailer" : `names key id ${hex(trailer.keyId)}`}`,
  );
  const provisioned = pump.provisionPublicKey(key);
  if (provisioned !== Status.OK) {
    io.err(
      `the firmware refuses the key: ${Status[provisioned] ?? provisioned} (docs/host-contract.md §10); no pump can be provisioned with it`,
    );
    return EXIT_FINDINGS;
  }
  const status = pump.loadLibrary(bytes);
  if (status !== Status.OK) {
    io.out(`firmware status: ${Status[status] ?? status}`);
    io.err(
      `refused: a pump provisioned with this key does not load ${file} (${Status[status] ?? status}, docs/abi.md §6)`,
    );
    return EXIT_FINDINGS;
  }
  io.out("firmware status: OK");
  io.out(
    `admitted: library version ${pump.libraryVersion()}, ${pump.libraryEntryCount()} entries, ${pump.libraryCareAreaCount()} care areas; body SHA-256 ${hex(bytes.subarray(64, 96))}`,
  );
  return EXIT_OK;
}
