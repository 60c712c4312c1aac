// Debian's Chromium driven by playwright-core (never a downloaded browser), headless, with the
// flags this machine needs (Playwright gives every launch a fresh profile). Every page records console errors and every request, so that a
// test can assert that nothing failed and nothing left loopback.

import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
export const SCREENSHOTS = join(import.meta.dirname, "../../test-output/screenshots");

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export interface Watched {
  page: Page;
  /** Console errors and uncaught exceptions. */
  errors: string[];
  /** Every URL the page asked for, WebSockets included. */
  requests: string[];
  /** JSON-RPC methods sent over WebSockets, in order. */
  rpcMethods: string[];
}

const LOOPBACK = /^(https?|wss?):\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//;

export function offLoopback(requests: string[]): string[] {
  return requests.filter((u) => !LOOPBACK.test(u) && !u.startsWith("data:") && !u.startsWith("blob:"));
}

export async function watchedPage(browser: Browser, viewport = { width: 1280, height: 900 }, allowErrors: RegExp[] = []): Promise<Watched> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const w: Watched = { page, errors: [], requests: [], rpcMethods: [] };
  page.on("console", (m) => {
    if (m.type() === "error" && !allowErrors.some((r) => r.test(m.text()))) w.errors.push(m.text());
  });
  page.on("pageerror", (e) => w.errors.push(`uncaught: ${e.message}`));
  page.on("request", (r) => w.requests.push(r.url()));
  page.on("websocket", (ws) => {
    w.requests.push(ws.url());
    ws.on("framesent", (f) => {
      try {
        const msg = JSON.parse(String(f.payload)) as { method?: string };
        if (msg.method) w.rpcMethods.push(msg.method);
      } catch {
        // not JSON-RPC (telemetry commands)
      }
    });
  });
  return w;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
