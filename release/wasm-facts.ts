// What a device engineer must know about a module before linking it (docs/release.md §2): its
// exports with their signatures and its memory, read from the binary itself, never from a list.
import binaryen from "binaryen";

export interface ExportFact {
  name: string;
  kind: "function" | "memory" | "global" | "table";
  /** Functions only: e.g. ["i32"] → ["i64"]. */
  params?: string[];
  results?: string[];
}

export interface WasmFacts {
  sizeBytes: number;
  imports: number;
  memory: { initialPages: number; maximumPages: number | null; linearMemoryBytes: number };
  exports: ExportFact[];
}

export const WASM_PAGE_BYTES = 65536;

function typeName(type: number): string {
  if (type === binaryen.i32) return "i32";
  if (type === binaryen.i64) return "i64";
  if (type === binaryen.f32) return "f32";
  if (type === binaryen.f64) return "f64";
  return `type ${type}`;
}

function kindName(kind: number): ExportFact["kind"] {
  if (kind === binaryen.ExternalFunction) return "function";
  if (kind === binaryen.ExternalMemory) return "memory";
  if (kind === binaryen.ExternalGlobal) return "global";
  return "table";
}

export function wasmFacts(wasmBytes: Uint8Array): WasmFacts {
  const imports = WebAssembly.Module.imports(new WebAssembly.Module(new Uint8Array(wasmBytes))).length;
  const mod = binaryen.readBinary(wasmBytes);
  try {
    const exports: ExportFact[] = [];
    for (let i = 0; i < mod.getNumExports(); i++) {
      const info = binaryen.getExportInfo(mod.getExportByIndex(i));
      const fact: ExportFact = { name: info.name, kind: kindName(info.kind) };
      if (info.kind === binaryen.ExternalFunction) {
        const fn = binaryen.getFunctionInfo(mod.getFunction(info.value));
        fact.params = binaryen.expandType(fn.params).map(typeName);
        fact.results = binaryen.expandType(fn.results).map(typeName);
      }
      exports.push(fact);
    }
    if (!mod.hasMemory()) throw new Error("the module has no memory");
    const memory = mod.getMemoryInfo();
    return {
      sizeBytes: wasmBytes.length,
      imports,
      memory: {
        initialPages: memory.initial,
        maximumPages: memory.max ?? null,
        linearMemoryBytes: memory.initial * WASM_PAGE_BYTES,
      },
      exports,
    };
  } finally {
    mod.dispose();
  }
}
