// Replaces AssemblyScript's default `env.abort` import so the module links on MCU runtimes
export function dersAbort(message: usize, fileName: usize, line: u32, column: u32): void {
  unreachable();
}
