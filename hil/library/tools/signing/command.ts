// `library sign` and `library key-id` (docs/library-tools.md §6, REQ-SIG-001): sign a released
// library for the pumps, and show the public key and key id a pump must be provisioned with.
// Exit 0 done, 1 refused (not signable, does not compile), 2 usage, file or key errors.
import { createHash } from "node:crypto";
import { IMAGE_HEADER_SIZE, SIGNATURE_TRAILER_SIZE } from "../../../../firmware/abi/codes.ts";
import { formatError } from "../../compiler/errors.ts";
import { expectPositional, isHelp, parseOptions, single } from "../lifecycle/args.ts";
import {
  CommandError,
  EXIT_FINDINGS,
  EXIT_OK,
  loadLibraryFile,
  plural,
  readInputText,
  refuseOverwrite,
  type Io,
} from "../lifecycle/cli-support.ts";
import { writeFileAtomic } from "../../compiler/write-atomic.ts";
import { parseKeyIdFile, parseSigningKeyFile } from "../../../../simulator/host/key-files.ts";
import { signLibrary } from "./sign.ts";
import { keyIdOf } from "./trailer.ts";

export const SIGN_HELP = `library sign — sign a released library for the pumps (docs/library-tools.md §6)

Usage:
  npm run library -- sign <library.json> --key <private-key> -o <signed-image>

Compiles the library and writes the image followed by an 80-byte signature trailer: Ed25519 over
every image byte (header with version and status, and body) and the id of the key. Refused unless
the library is released and its approvals match its content (library approve, library release).
A pump with a provisioned key admits only files signed with that key (docs/library-image.md §9).

--key: the private key, as PEM (openssl genpkey -algorithm ed25519 -out key.pem) or a file with
one line "ed25519-private-seed:" followed by 64 hex digits (the 32-byte RFC 8032 seed). A public
key or 64 bare hex digits are refused. Keep it off shared disks; the pumps only ever need the
public key.

Example:
  npm run library -- sign library.json --key signing-key.pem -o library.dersimg

Exit codes: 0 signed, 1 refused (not released, stale approvals, does not compile), 2 usage, file
or key errors.`;

export const KEY_ID_HELP = `library key-id — the public key and key id to provision into pumps

Usage:
  npm run library -- key-id <key-file>

Prints the raw 32-byte Ed25519 public key (64 hex digits, what provisionPublicKey takes) and the
8-byte key id signed files carry. The key file is PEM (public or private), or one line
"ed25519-public:<64 hex digits>" or "ed25519-private-seed:<64 hex digits>"; from a private key the
public key is derived. 64 bare hex digits are refused: they could be either key.

Example:
  npm run library -- key-id signing-key.pem`;

/** A key file's text; a malformed key is a usage error (exit 2) that says what to give instead. */
function readKey<T>(path: string, parse: (text: string, what: string) => T): T {
  const text = readInputText(path);
  try {
    return parse(text, path);
  } catch (error) {
    throw new CommandError((error as Error).message);
  }
}

export function signCommand(argv: string[], io: Io): number {
  if (isHelp(argv)) {
    io.out(SIGN_HELP);
    return EXIT_OK;
  }
  const usage = "sign <library.json> --key <private-key> -o <signed-image>";
  const args = parseOptions(argv, [
    { name: "key", value: true, example: "release-key.pem" },
    { name: "output", short: "o", value: true, example: "library.signed.dersimg" },
  ]);
  const [file] = expectPositional(args, 1, usage);
  const keyPath = single(args, "key");
  const output = single(args, "output");
  if (keyPath === undefined) throw new CommandError(`sign needs --key <private-key>; usage: ${usage}`);
  if (output === undefined) throw new CommandError(`sign needs -o <signed-image>; usage: ${usage}`);
  refuseOverwrite(output, [file, keyPath]);
  const key = readKey(keyPath, parseSigningKeyFile);
  const loaded = loadLibraryFile(file);
  if (!loaded.ok) {
    for (const error of loaded.errors) io.err(formatError(error));
    io.err(`${plural(loaded.errors.length, "error")}; nothing signed`);
    return EXIT_FINDINGS;
  }
  const signed = signLibrary(loaded.json, key);
  if (!signed.ok) {
    for (const reason of signed.reasons) io.err(`error: ${file}: ${reason}`);
    io.err("not signed; nothing written");
    return EXIT_FINDINGS;
  }
  try {
    writeFileAtomic(output, signed.file);
  } catch (error) {
    throw new CommandError(
      `cannot write "${output}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; check that the directory exists and is writable`,
    );
  }
  const imageLength = signed.file.length - SIGNATURE_TRAILER_SIZE;
  const body = signed.file.subarray(IMAGE_HEADER_SIZE, imageLength);
  io.out(`signed: ${signed.name} version ${signed.version}, key id ${signed.keyId}`);
  io.out(`file: ${output}, ${signed.file.length} bytes (image ${imageLength} + trailer ${SIGNATURE_TRAILER_SIZE})`);
  io.out(`body SHA-256: ${createHash("sha256").update(body).digest("hex")}`);
  io.out(`file SHA-256: ${createHash("sha256").update(signed.file).digest("hex")}`);
  return EXIT_OK;
}

export function keyIdCommand(argv: string[], io: Io): number {
  if (isHelp(argv)) {
    io.out(KEY_ID_HELP);
    return EXIT_OK;
  }
  const args = parseOptions(argv, []);
  const [file] = expectPositional(args, 1, "key-id <key-file>");
  const publicKey = readKey(file, parseKeyIdFile);
  io.out(`public key: ${Buffer.from(publicKey).toString("hex")}`);
  io.out(`key id: ${Buffer.from(keyIdOf(publicKey)).toString("hex")}`);
  return EXIT_OK;
}
