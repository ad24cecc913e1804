// Fresh release-module instances for tests (build/ders.wasm, built by npm run build:firmware).
import { Firmware } from "../../simulator/host/firmware.ts";

export const RELEASE_WASM = new URL("../../build/ders.wasm", import.meta.url).pathname;

export async function freshEngine(): Promise<Firmware> {
  const engine = await Firmware.fromFile(RELEASE_WASM);
  engine.init();
  return engine;
}
