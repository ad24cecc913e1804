// Checks that a module can run on microcontroller WASM runtimes (WAMR, wasm3): no imports,
// WebAssembly 1.0 (MVP) features only, exports over i32/i64 plus one memory of fixed size,
// and no floating-point instruction at all. Returns every problem found, one line each.
import binaryen from "binaryen";

export interface PortabilityReport {
  problems: string[];
  exportNames: string[];
  memoryPages: { initial: number; maximum: number | undefined };
}

const FLOAT_OP = /\b(f32|f64)\./;

export function checkPortability(wasmBytes: Uint8Array): PortabilityReport {
  const problems: string[] = [];
  const compiled = new WebAssembly.Module(new Uint8Array(wasmBytes));
  for (const imp of WebAssembly.Module.imports(compiled)) {
    problems.push(`import ${imp.module}.${imp.name} (${imp.kind}): the import section must be empty`);
  }

  const mod = binaryen.readBinary(wasmBytes);
  try {
    mod.setFeatures(binaryen.Features.MVP);
    // Binaryen's validator rejects any instruction that needs a feature outside the set.
    if (!mod.validate()) problems.push("module does not validate with WebAssembly 1.0 (MVP) features only");

    const exportNames: string[] = [];
    for (let i = 0; i < mod.getNumExports(); i++) {
      const info = binaryen.getExportInfo(mod.getExportByIndex(i));
      exportNames.push(info.name);
      if (info.kind === binaryen.ExternalMemory) continue;
      if (info.kind !== binaryen.ExternalFunction) {
        problems.push(`export ${info.name}: only functions and the memory may be exported`);
        continue;
      }
      const fn = binaryen.getFunctionInfo(mod.getFunction(info.value));
      const types = [...binaryen.expandType(fn.params), ...binaryen.expandType(fn.results)];
      for (const t of types) {
        if (t !== binaryen.i32 && t !== binaryen.i64) problems.push(`export ${info.name}: parameter or result type ${t} is not i32/i64`);
      }
    }

    const memInfo = mod.hasMemory() ? mod.getMemoryInfo() : undefined;
    if (memInfo === undefined) problems.push("module has no memory");
    const text = mod.emitText();
    for (const line of text.split("\n")) {
      if (FLOAT_OP.test(line)) {
        problems.push(`floating-point instruction: ${line.trim()}`);
        break;
      }
      if (/\bmemory\.grow\b/.test(line)) {
        problems.push("memory.grow: the module must never grow its memory");
        break;
      }
    }
    return {
      problems,
      exportNames,
      memoryPages: { initial: memInfo?.initial ?? 0, maximum: memInfo?.max },
    };
  } finally {
    mod.dispose();
  }
}
