// The real `stacktical-node --dev` for browser tests: started on free loopback ports with a
// temporary database (or a base path, to restart it), stopped and killed at the end.

import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";

export function nodeBinary(): string {
  const target = process.env.CARGO_TARGET_DIR ?? join(homedir(), ".cache/stacktical/target");
  const bin = process.env.STACKTICAL_NODE ?? join(target, "debug/stacktical-node");
  if (!existsSync(bin)) throw new Error(`${bin} is missing: build the node first (scripts/test.sh builds it)`);
  return bin;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface DevNode {
  rpcPort: number;
  /** Its p2p port (loopback), for a p2p address naming it. */
  p2pPort: number;
  url: string;
  httpUrl: string;
  log: string;
  basePath: string;
  stop: () => Promise<void>;
  /** SIGSTOP / SIGCONT: the process stays, the socket stops answering. */
  pause: () => void;
  resume: () => void;
}

/** Starts the dev node; resolves once its RPC answers. */
export async function startNode(options: { rpcPort?: number; basePath?: string; args?: string[] } = {}): Promise<DevNode> {
  const rpcPort = options.rpcPort ?? (await freePort());
  const p2pPort = await freePort();
  const basePath = options.basePath ?? mkdtempSync(join(tmpdir(), "stacktical-ui-node-"));
  const log = join(tmpdir(), `stacktical-ui-node-${rpcPort}.log`);
  const out = createWriteStream(log, { flags: "a" });
  const child: ChildProcess = spawn(
    nodeBinary(),
    [
      "--dev",
      "--base-path", basePath,
      "--rpc-port", String(rpcPort),
      "--port", String(p2pPort),
      "--rpc-cors", "all",
      "--no-prometheus", "--no-telemetry", "--no-mdns", "--no-hardware-benchmarks",
      ...(options.args ?? []),
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  child.stderr!.pipe(out);
  const httpUrl = `http://127.0.0.1:${rpcPort}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the node exited with ${child.exitCode}; see ${log}`);
    try {
      const r = await fetch(`${httpUrl}/health`);
      if (r.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`the node did not answer within 2 minutes; see ${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGCONT");
      child.kill("SIGINT");
      setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
    });
  return {
    rpcPort,
    p2pPort,
    url: `ws://127.0.0.1:${rpcPort}`,
    httpUrl,
    log,
    basePath,
    stop,
    pause: () => child.kill("SIGSTOP"),
    resume: () => child.kill("SIGCONT"),
  };
}

/** A JSON-RPC call over HTTP (the node's custom `sli_*` methods among them). */
export async function rpc<T>(node: { httpUrl: string }, method: string, params: unknown[] = []): Promise<T> {
  const r = await fetch(node.httpUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ id: 1, jsonrpc: "2.0", method, params }),
  });
  const body = (await r.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

export async function waitFor<T>(what: string, f: () => Promise<T | null | undefined | false>, timeoutMs = 120_000, everyMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const v = await f();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
