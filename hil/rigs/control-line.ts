// A rig's control channel as a line protocol on a socket (the virtual pump's --control socket, the
// QEMU HIL image's UART2): one command per line, one answer line each, "ok", "ok <value>" or
// "error <message>". Shared by the rig plug-ins in this folder.
import { connect, type Socket } from "node:net";
import { createInterface } from "node:readline";

/** One command at a time on the control socket, each answered by one line. */
export class ControlLine {
  private readonly waiting: ((line: string) => void)[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private closedReason: string | undefined;

  constructor(private readonly socket: Socket) {
    createInterface({ input: socket }).on("line", (line) => this.waiting.shift()?.(line));
    socket.on("close", () => {
      this.closedReason ??= "the control channel closed";
      for (const answer of this.waiting.splice(0)) answer(`error ${this.closedReason}`);
    });
    socket.on("error", (error) => void (this.closedReason = error.message));
  }

  /** Sends a command; the answer's value (after "ok"), or rejects with the pump's "error" message. */
  send(command: string): Promise<string> {
    const run = async (): Promise<string> => {
      if (this.closedReason !== undefined) throw new Error(`${command}: ${this.closedReason}`);
      const answer = await new Promise<string>((resolve) => {
        this.waiting.push(resolve);
        this.socket.write(`${command}\n`);
      });
      if (answer === "ok") return "";
      if (answer.startsWith("ok ")) return answer.slice(3);
      throw new Error(`${command}: ${answer.replace(/^error /, "")}`);
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  close(): void {
    this.closedReason = "the rig was closed";
    this.socket.end();
  }
}

/** Connects to the Unix socket at `path`; `source` names where the path came from in an error. */
export async function connectControlLine(path: string, source: string): Promise<ControlLine> {
  const socket = await new Promise<Socket>((resolve, reject) => {
    const s = connect(path, () => {
      s.off("error", reject);
      resolve(s);
    });
    s.once("error", (error) => reject(new Error(`${source}=${path}: ${error.message}`)));
  });
  return new ControlLine(socket);
}
