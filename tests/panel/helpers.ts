// A virtual pump with the example library and its front panel, in this process: the real firmware,
// a real pseudo-terminal for serial clients, real localhost HTTP for the panel. Manual clock.
import { readCatalogue } from "../../simulator/panel/catalogue.ts";
import { startPanel, type PanelHandle } from "../../simulator/panel/server.ts";
import { startVirtualPump, type VirtualPumpHandle } from "../../simulator/virtual-pump/start.ts";
import { exampleImage } from "../simulator/helpers.ts";

export interface PanelRig {
  pump: VirtualPumpHandle;
  panel: PanelHandle;
  close(): Promise<void>;
}

export async function panelRig(options: { withCatalogue?: boolean } = {}): Promise<PanelRig> {
  const image = exampleImage();
  const pump = await startVirtualPump({ libraryImage: image, clock: "manual", seed: 17 });
  pump.pump.attachLocalPort();
  const panel = await startPanel({
    port: pump.pump,
    catalogue: options.withCatalogue === false ? undefined : readCatalogue(image),
    httpPort: 0,
  });
  return {
    pump,
    panel,
    close: async () => {
      await panel.close();
      await pump.close();
    },
  };
}

/** POSTs a form to the panel as a browser would and returns the page it redirects to. */
export async function post(panel: PanelHandle, action: string, fields: Record<string, string> = {}): Promise<string> {
  const response = await fetch(`${panel.url}action/${action}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    redirect: "manual",
  });
  if (response.status !== 303) throw new Error(`POST ${action}: HTTP ${response.status}: ${await response.text()}`);
  return page(panel);
}

export async function page(panel: PanelHandle): Promise<string> {
  const response = await fetch(panel.url);
  if (response.status !== 200) throw new Error(`GET /: HTTP ${response.status}`);
  return response.text();
}

/** The page's visible text, roughly: tags dropped, entities of the escaper undone, spaces collapsed. */
export const textOf = (html: string): string =>
  html
    .replace(/<style>[\s\S]*?<\/style>/g, "")
    .replace(/<\/?(abbr|strong)\b[^>]*>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
