// Fresh release-module instances for tests (build/ders.wasm, built by npm run build:firmware).
import { Firmware } from "../../simulator/host/firmware.ts";
import { RELEASE_WASM_PATH } from "../support/profile.ts";

export const RELEASE_WASM = RELEASE_WASM_PATH;

export async function freshEngine(): Promise<Firmware> {
  const engine = await Firmware.fromFile(RELEASE_WASM);
  engine.init();
  return engine;
}
