// `npm run build:firmware`: every firmware build of every memory profile (docs/decisions/0041).
// asconfig.json holds what all builds share; the profile's id (asc `--use DERS_MEMORY_PROFILE`) and
// its page count come from the one table, firmware/abi/memory-profiles.ts, so no page count or
// region size is written in the build configuration. Each binary is then stamped with its build id
// (release/build-id.ts). Usage: tsx release/build-firmware.ts [--profile <name>]...
import { readFileSync, writeFileSync } from "node:fs";
import asc from "assemblyscript/asc";
import {
  firmwareFileName,
  MEMORY_PROFILE_COUNT,
  memoryPagesOf,
  memoryProfileName,
} from "../firmware/abi/memory-profiles.ts";
import { readBuildId, stampBuildId } from "./build-id.ts";

/** The builds of one profile: asconfig.json target, extra entry file, file-name variant. */
export const FIRMWARE_BUILDS: ReadonlyArray<{ target: string; entry?: string; variant: string }> = [
  { target: "release", variant: "" },
  { target: "debug", variant: "debug" },
  { target: "testkit", entry: "firmware/testkit.ts", variant: "testkit" },
];

/** The asc options that make a build one of the given profile (added to asconfig.json's). */
export function profileCompileArgs(profile: number): string[] {
  const pages = String(memoryPagesOf(profile));
  return ["--use", `DERS_MEMORY_PROFILE=${profile}`, "--initialMemory", pages, "--maximumMemory", pages];
}

/** Every profile id, standard first. */
export const ALL_PROFILES: readonly number[] = Array.from({ length: MEMORY_PROFILE_COUNT }, (_, id) => id);

/** The id of a profile name; throws naming the known ones. */
export function profileByName(name: string): number {
  const id = ALL_PROFILES.find((p) => memoryProfileName(p) === name);
  if (id === undefined)
    throw new Error(`unknown memory profile "${name}": one of ${ALL_PROFILES.map(memoryProfileName).join(", ")}`);
  return id;
}

async function buildOne(profile: number, build: (typeof FIRMWARE_BUILDS)[number], outDir: string): Promise<string> {
  const outFile = `${outDir}/${firmwareFileName(profile, build.variant)}`;
  const args = [
    ...(build.entry ? [build.entry] : []),
    "--target",
    build.target,
    ...profileCompileArgs(profile),
    "--outFile",
    outFile,
    "--textFile",
    outFile.replace(/\.wasm$/, ".wat"),
  ];
  const { error, stderr } = await asc.main(args);
  if (error) throw new Error(`asc ${args.join(" ")} failed: ${error.message}\n${stderr.toString()}`);
  writeFileSync(outFile, stampBuildId(readFileSync(outFile), outFile));
  return outFile;
}

async function main(argv: string[]): Promise<void> {
  const profiles: number[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--profile" && argv[i + 1] !== undefined) profiles.push(profileByName(argv[++i]!));
    else throw new Error(`usage: tsx release/build-firmware.ts [--profile <name>]... (not ${JSON.stringify(argv[i])})`);
  }
  for (const profile of profiles.length > 0 ? profiles : ALL_PROFILES) {
    for (const build of FIRMWARE_BUILDS) {
      const file = await buildOne(profile, build, "build");
      process.stdout.write(
        `${file}: ${memoryProfileName(profile)} profile, build id ${readBuildId(readFileSync(file))}\n`,
      );
    }
  }
}

if (process.argv[1]?.endsWith("build-firmware.ts")) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`build-firmware: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
