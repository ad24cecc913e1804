// npm run release (docs/release.md): writes the release kit to dist/ (or --out <dir>).
//   tsx release/cli.ts [--out <dir>] [--wasm <module>]
//   tsx release/cli.ts header <file>     only the generated C header (the C port's Makefile uses it)
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generateAbiHeader } from "./abi-header.ts";
import { writeRelease } from "./kit.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const USAGE = "usage: tsx release/cli.ts [--out <dir>] [--wasm <module>] | tsx release/cli.ts header <file>";

function fail(message: string): never {
  process.stderr.write(`release: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function main(args: string[]): void {
  if (args[0] === "header") {
    if (args.length !== 2) fail("header takes exactly one argument, the file to write");
    const target = resolve(args[1]);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, generateAbiHeader());
    return;
  }
  let outDir = join(ROOT, "dist");
  let wasmPath = join(ROOT, "build", "ders.wasm");
  for (let i = 0; i < args.length; i += 2) {
    const value = args[i + 1];
    if (value === undefined) fail(`${args[i]} needs a value`);
    if (args[i] === "--out") outDir = resolve(value);
    else if (args[i] === "--wasm") wasmPath = resolve(value);
    else fail(`unknown option ${args[i]}`);
  }
  const manifest = writeRelease({ root: ROOT, wasmPath, outDir });
  process.stdout.write(
    `release ${manifest.version} build ${manifest.buildId} (${manifest.files.length + 2} files) → ${outDir}\n`,
  );
}

try {
  main(process.argv.slice(2));
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
