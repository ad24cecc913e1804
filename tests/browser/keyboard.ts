// Keyboard-only driving of the panel's pages in Chromium for the browser tests: Tab to a control,
// arrows in a select, typing, Enter on a button. No click, no script in the page.
import type { Page } from "playwright-core";

export const EXECUTABLE = process.env.CHROMIUM ?? "/usr/bin/chromium";
export const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
];

/** Tabs until the element matching `selector` has the focus (at most 200 presses): keyboard only. */
export async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Chooses the option whose text starts with `text` in the focused select with arrow keys. */
export async function chooseWithArrows(page: Page, selector: string, text: string): Promise<void> {
  const { index, selected } = await page.evaluate(
    ([s, t]) => {
      const select = document.querySelector(s) as HTMLSelectElement;
      return {
        index: Array.from(select.options).findIndex((o) => o.text.startsWith(t)),
        selected: select.selectedIndex,
      };
    },
    [selector, text] as const,
  );
  if (index < 0) throw new Error(`no option "${text}" in ${selector}`);
  await tabTo(page, selector);
  for (let i = selected; i < index; i++) await page.keyboard.press("ArrowDown");
  for (let i = selected; i > index; i--) await page.keyboard.press("ArrowUp");
}

export async function typeInto(page: Page, selector: string, text: string): Promise<void> {
  await tabTo(page, selector);
  await page.keyboard.type(text);
}

/** Tabs to the button labelled `buttonText`, presses Enter and waits for the page the pump answers with. */
export async function submit(page: Page, buttonText: string): Promise<string> {
  await tabTo(page, "button");
  for (let i = 0; i < 200; i++) {
    const focused = await page.evaluate(() => document.activeElement?.textContent ?? "");
    if (focused === buttonText) break;
    await page.keyboard.press("Tab");
  }
  await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
  return page.innerText("body");
}
