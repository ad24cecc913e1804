// `tsx simulator/host/check-image.ts <image> [firmware.wasm]`: loads a library image into the
// release firmware exactly as a pump host would and prints the firmware's own verdict on it.
// Exit 0 when the firmware activates it, 1 when it refuses it, 2 on usage or file errors.
import { readFile } from "node:fs/promises";
import { Status } from "../../firmware/abi/codes.ts";
import { Firmware } from "./firmware.ts";

const STATUS_NAME = new Map(
  Object.entries(Status)
    .filter(([, v]) => typeof v === "number")
    .map(([k, v]) => [v as number, k]),
);

async function main(argv: string[]): Promise<number> {
  const [imagePath, firmwarePath = "build/ders.wasm", ...extra] = argv;
  if (imagePath === undefined || extra.length > 0 || imagePath.startsWith("-")) {
    console.error("usage: tsx simulator/host/check-image.ts <image> [firmware.wasm]");
    return 2;
  }
  let image: Uint8Array;
  let engine: Firmware;
  try {
    image = await readFile(imagePath);
    engine = await Firmware.fromFile(firmwarePath);
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    return 2;
  }
  const status = engine.loadLibrary(image);
  if (status !== Status.OK) {
    console.error(
      `firmware ${firmwarePath} REFUSED ${imagePath}: status ${status} ${STATUS_NAME.get(status) ?? "?"} (docs/abi.md §6)`,
    );
    return 1;
  }
  console.log(
    `firmware ${firmwarePath} verified and activated ${imagePath}: library version ${engine.libraryVersion()}, ` +
      `${engine.libraryEntryCount()} entries, ${engine.libraryCareAreaCount()} care areas`,
  );
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
