// Serves the built UI (`dist/`) on loopback and prints the address to open, pointed at a node:
//
//   npm run serve -- [--rpc ws://127.0.0.1:9944] [--port 5173] [--staking wss://ASSET-HUB] [--people wss://PEOPLE] [--telemetry ws://HOST:8000/feed]
//
// A plain static server (no dependency): the UI is a static page that talks to the node from
// the browser, so any server works in production.

import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".wasm": "application/wasm",
};

export const DIST = resolve(fileURLToPath(new URL("../dist", import.meta.url)));

/** Serves `root` on 127.0.0.1:`port` (0: any free port); resolves with the server and its port. */
export function serve(root: string, port: number): Promise<{ server: Server; port: number }> {
  if (!existsSync(join(root, "index.html"))) throw new Error(`${root}/index.html is missing: run \`npm run build\` first`);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, "index.html");
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-cache" });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", () => ok({ server, port: (server.address() as { port: number }).port }));
  });
}

function arg(name: string): string | null {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? null) : null;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rpc = arg("rpc") ?? "ws://127.0.0.1:9944";
  const staking = arg("staking");
  const people = arg("people");
  const telemetry = arg("telemetry");
  const { port } = await serve(DIST, Number(arg("port") ?? 5173));
  const q = new URLSearchParams({ rpc, ...(staking ? { staking } : {}), ...(people ? { people } : {}), ...(telemetry ? { telemetry } : {}) });
  console.log(`  UI:       http://127.0.0.1:${port}/?${q}`);
}
