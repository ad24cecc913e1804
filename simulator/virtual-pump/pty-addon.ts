// Loads simulator/virtual-pump/pty (the openpty addon built by `npm install`, docs/decisions/0005) and says how
// to fix it when it is missing, instead of a bare "Cannot find module".
import { createRequire } from "node:module";

export interface PtyPair {
  /** Non-blocking, close-on-exec: the pump's end. */
  masterFd: number;
  /** Kept open by the pump so its end never sees EIO while no client has the device open. */
  slaveFd: number;
  /** What a client opens, e.g. /dev/pts/3. */
  slavePath: string;
}

interface PtyAddon {
  open(): PtyPair;
}

const ADDON_PATH = "./pty/build/Release/pty.node";
let addon: PtyAddon | undefined;

export function openPtyPair(): PtyPair {
  if (process.platform === "win32") {
    throw new Error(
      "the virtual serial device needs a pseudo-terminal, which Windows does not have: run the virtual pump on Linux or macOS (docs/decisions/0005-virtual-serial-device.md)",
    );
  }
  if (addon === undefined) {
    try {
      addon = createRequire(import.meta.url)(ADDON_PATH) as PtyAddon;
    } catch (error) {
      throw new Error(
        `the pseudo-terminal addon simulator/virtual-pump/pty/build/Release/pty.node could not be loaded (${(error as Error).message.split("\n")[0]}). ` +
          "It is built by `npm install` / `npm ci` with node-gyp, which needs python3, make and a C compiler: install them and run `npm run install`.",
      );
    }
  }
  return addon.open();
}
