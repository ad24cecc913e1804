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
        if (t !== binaryen.i32 && t !== binaryen.i64)
          problems.push(`export ${info.name}: parameter or result type ${t} is not i32/i64`);
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

/** Active data segments as [start, end) byte ranges, read from the data section (id 11). */
export function dataSegmentRanges(wasmBytes: Uint8Array): { start: number; end: number }[] {
  let pos = 8; // magic + version
  const uleb = (): number => {
    let result = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = wasmBytes[pos++];
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return result;
  };
  const sleb32 = (): number => {
    let result = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = wasmBytes[pos++];
      result |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    return shift < 32 && byte & 0x40 ? result | (~0 << shift) : result;
  };
  const ranges: { start: number; end: number }[] = [];
  while (pos < wasmBytes.length) {
    const id = wasmBytes[pos++];
    const size = uleb();
    const sectionEnd = pos + size;
    if (id === 11) {
      for (let n = uleb(); n > 0; n--) {
        const flags = uleb();
        // MVP modules only have flag 0: active, memory 0, offset given by an i32.const expression.
        if (flags !== 0 || wasmBytes[pos++] !== 0x41)
          throw new Error(`data segment with flags ${flags} is not an MVP active segment`);
        const start = sleb32();
        if (wasmBytes[pos++] !== 0x0b) throw new Error("data segment offset is not a constant expression");
        const length = uleb();
        pos += length;
        ranges.push({ start, end: start + length });
      }
    }
    pos = sectionEnd;
  }
  return ranges;
}
