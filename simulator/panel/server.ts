// The panel's web server (docs/panel.md §1): node:http on 127.0.0.1 only. GET / renders the page;
// POST /action/<name> runs one control and answers 303 back to the page (post/redirect/get, so a
// reload never repeats a command). One request at a time, in arrival order, like a keypad. The
// page is refused to other origins (Host and Origin are checked), so another web page open in the
// same browser cannot press the pump's buttons.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { runAction, type Form } from "./actions.ts";
import type { Catalogue } from "./catalogue.ts";
import { PanelCommands, type LocalPort } from "./panel-commands.ts";
import { PanelSession } from "./panel-session.ts";
import { renderPanel } from "./render.ts";

export interface PanelOptions {
  port: LocalPort;
  catalogue: Catalogue | undefined;
  /** TCP port; 0 picks a free one. */
  httpPort: number;
  log?: (message: string) => void;
  /** Extra pages (e.g. a training exercise's order card), by path. */
  pages?: ReadonlyMap<string, (session: PanelSession) => Promise<string>>;
  /** Extra form targets outside /action/ (e.g. finishing an exercise), by path; answered 303 to "/". */
  posts?: ReadonlyMap<string, (session: PanelSession) => Promise<void>>;
  /** Links shown at the top of the panel page. */
  links?: readonly { href: string; text: string }[];
}

export interface PanelHandle {
  url: string;
  session: PanelSession;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 16 * 1024;
/** No script, no frame, no resource from elsewhere; forms post only here. */
const SECURITY_HEADERS = {
  "content-security-policy":
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "cache-control": "no-store",
};

async function readBody(request: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error("form too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function startPanel(options: PanelOptions): Promise<PanelHandle> {
  const session = new PanelSession(new PanelCommands(options.port), options.catalogue);
  let queue: Promise<unknown> = Promise.resolve();
  let origin = "";
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const send = (status: number, body: string, headers: Record<string, string> = {}): void => {
      response.writeHead(status, { "content-type": "text/html; charset=utf-8", ...SECURITY_HEADERS, ...headers });
      response.end(body);
    };
    const host = request.headers.host ?? "";
    if (host !== new URL(origin).host && host !== `localhost:${new URL(origin).port}`)
      return send(421, "<p>This panel answers only on its own address.</p>");
    const path = new URL(request.url ?? "/", origin).pathname;
    if (request.method === "GET" && path === "/") {
      const html = renderPanel(await session.view(), options.links);
      session.flash = undefined;
      return send(200, html);
    }
    const page = options.pages?.get(path);
    if (request.method === "GET" && page !== undefined) return send(200, await page(session));
    const extraPost = options.posts?.get(path);
    if (request.method === "POST" && (path.startsWith("/action/") || extraPost !== undefined)) {
      const from = request.headers.origin;
      if (from !== undefined && from !== origin && from !== `http://localhost:${new URL(origin).port}`)
        return send(403, "<p>Controls accept forms from this panel only.</p>");
      if (extraPost !== undefined) {
        await extraPost(session);
        return send(303, "", { location: "/" });
      }
      const form: Form = new Map(new URLSearchParams(await readBody(request)));
      session.flash = await runAction(session, path.slice("/action/".length), form);
      options.log?.(`panel: ${session.flash.kind}: ${session.flash.text}`);
      return send(303, "", { location: "/" });
    }
    return send(404, "<p>No such page.</p>");
  };
  const server: Server = createServer((request, response) => {
    queue = queue.then(() =>
      handle(request, response).catch((error: unknown) => {
        options.log?.(`panel: ${(error as Error).message}`);
        if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
        response.end(`panel error: ${(error as Error).message}`);
      }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.httpPort, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/`,
    session,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
