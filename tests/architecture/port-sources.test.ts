// The reference C port keeps the board apart (docs/mcu-port.md §3): the runtime and the host loop
// reach the hardware only through host/board.h, so a real board is one more folder under boards/,
// and they use nothing a bare-metal target lacks (no heap, no mmap, no signals, no stdio). A static
// check over the C sources: it runs in `npm test`, without a C compiler.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const PORTABLE_FOLDERS = ["firmware/port/runtime", "firmware/port/host"];
/** Headers a freestanding target with newlib has, wabt's wasm-rt.h, the generated ders.h and ders-abi.h, and the port's own. */
const ALLOWED_INCLUDES = new Set([
  "stdint.h",
  "stdbool.h",
  "stddef.h",
  "string.h",
  "setjmp.h",
  "stdarg.h",
  "stdlib.h",
  "wasm-rt.h",
  "ders.h",
  "ders-abi.h",
  "port-rt.h",
  "board.h",
  "host.h",
]);
const FORBIDDEN_CALLS = /\b(malloc|calloc|realloc|free|mmap|munmap|signal|sigaction|printf|fprintf|fopen|exit)\s*\(/;

function cSources(folder: string): { path: string; text: string }[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith(".c") || name.endsWith(".h"))
    .sort()
    .map((name) => ({ path: join(folder, name), text: readFileSync(join(folder, name), "utf8") }));
}

describe("REQ-PORT-005 the C port's board interface", () => {
  it("the runtime and the host loop include only portable headers and board.h, and call no heap, mmap, signal or stdio", () => {
    const problems: string[] = [];
    for (const folder of PORTABLE_FOLDERS) {
      for (const { path, text } of cSources(folder)) {
        for (const match of text.matchAll(/^#include\s+[<"]([^>"]+)[>"]/gm)) {
          if (!ALLOWED_INCLUDES.has(match[1]!)) problems.push(`${path} includes ${match[1]}`);
        }
        const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
        const call = FORBIDDEN_CALLS.exec(code);
        if (call !== null) problems.push(`${path} calls ${call[1]}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("board code lives only under boards/, and the loop declares what a board provides in board.h alone", () => {
    const host = readFileSync("firmware/port/host/host.c", "utf8");
    expect(host).not.toMatch(/#include\s+"board-/);
    const boardApi = [
      ...readFileSync("firmware/port/host/board.h", "utf8").matchAll(/^\S[^(\n]*\b(board_\w+)\(/gm),
    ].map((m) => m[1]);
    expect(boardApi).toEqual([
      "board_init",
      "board_wait",
      "board_uart_read",
      // Issue 13: one frame of the pump's own keys (docs/host-contract.md §12).
      "board_keys_read",
      // Issue 12 §3 (REQ-PORT-030): the firmware's answer to that frame, for the pump's screen.
      "board_keys_answer",
      "board_uart_write",
      "board_nv_load",
      "board_nv_save",
      "board_motor_set",
      "board_host_event",
    ]);
    for (const board of readdirSync("firmware/port/boards")) {
      const text = readdirSync(join("firmware/port/boards", board))
        .filter((n) => n.endsWith(".c"))
        .map((n) => readFileSync(join("firmware/port/boards", board, n), "utf8"))
        .join("\n");
      for (const fn of boardApi) expect(text, `${board} implements ${fn}`).toMatch(new RegExp(`\\b${fn}\\(`));
    }
  });

  it("the wasm2c output is generated at build time and never committed (REQ-PORT-001)", () => {
    const tracked = execFileSync("git", ["ls-files", "firmware/port"], { encoding: "utf8" }).split("\n");
    expect(tracked.filter((path) => /(^|\/)ders\.[ch]$/.test(path))).toEqual([]);
  });
});
