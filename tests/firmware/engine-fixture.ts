// Fresh release-module instances for tests (build/ders.wasm, built by npm run build:firmware).
import { WasmEngine } from "../../simulator/host/wasm-engine.ts";

export const RELEASE_WASM = new URL("../../build/ders.wasm", import.meta.url).pathname;

export async function freshEngine(): Promise<WasmEngine> {
  const engine = await WasmEngine.fromFile(RELEASE_WASM);
  engine.init();
  return engine;
}
