// Run by `npm install` / `npm ci` (the root package's "install" script): builds the pseudo-terminal
// addon with the node-gyp that npm ships, so the virtual pump's serial device needs no system
// package. A failed build does not fail the install: the firmware, the library compiler and every
// other tool work without the addon; the virtual pump then says what is missing when it starts.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const addonDir = dirname(fileURLToPath(import.meta.url));

if (process.platform === "win32") {
  console.warn("simulator/virtual-pump/pty: skipped: Windows has no pseudo-terminals; the virtual pump runs on Linux and macOS (docs/decisions/0005-virtual-serial-device.md)");
  process.exit(0);
}

// Node's own headers when they are installed next to it (official tarballs, distribution packages):
// then node-gyp needs no download from nodejs.org.
const nodePrefix = dirname(dirname(process.execPath));
const localHeaders = existsSync(join(nodePrefix, "include", "node", "common.gypi"));
const gypArgs = ["rebuild", "--directory", addonDir];
if (localHeaders && process.env.npm_config_nodedir === undefined) gypArgs.push(`--nodedir=${nodePrefix}`);

// npm sets npm_config_node_gyp to its bundled node-gyp for lifecycle scripts; otherwise use PATH.
const gypScript = process.env.npm_config_node_gyp;
const [command, args] = gypScript !== undefined && existsSync(gypScript)
  ? [process.execPath, [gypScript, ...gypArgs]]
  : ["node-gyp", gypArgs];
const run = spawnSync(command, args, { stdio: "inherit" });

if (run.status === 0 && existsSync(join(addonDir, "build", "Release", "pty.node"))) {
  console.log("simulator/virtual-pump/pty: built simulator/virtual-pump/pty/build/Release/pty.node (virtual pump serial device)");
} else {
  console.warn(
    "simulator/virtual-pump/pty: WARNING: the pseudo-terminal addon did not build" + (run.error ? ` (${run.error.message})` : " (node-gyp's output above says why)") + ".\n" +
      "  Everything except the virtual pump on a serial device works without it.\n" +
      "  node-gyp needs python3, make and a C compiler (Debian: python3 make g++; macOS: xcode-select --install);\n" +
      "  install them, then run `npm run install`.",
  );
}
