// A WebSocket proxy in front of the real node, for the one case the real node cannot show:
// a malformed answer. It passes JSON-RPC through and, while `corrupt` names a runtime API
// function (`SliApi_sli`), replaces the output of those `chainHead_v1_call` operations.

import { WebSocket, WebSocketServer } from "ws";
import { freePort } from "./node.ts";

export interface Proxy {
  url: string;
  /** The runtime function whose answers are corrupted, or null. */
  corrupt: string | null;
  /** How many answers were corrupted. */
  corrupted: number;
  close: () => Promise<void>;
}

export async function startProxy(upstream: string): Promise<Proxy> {
  const port = await freePort();
  const server = new WebSocketServer({ host: "127.0.0.1", port });
  const proxy: Proxy = {
    url: `ws://127.0.0.1:${port}`,
    corrupt: null,
    corrupted: 0,
    close: () => new Promise((r) => server.close(() => r())),
  };
  server.on("connection", (client) => {
    const node = new WebSocket(upstream);
    const pending: string[] = [];
    const calls = new Map<string | number, string>();
    const operations = new Map<string, string>();
    node.on("open", () => pending.splice(0).forEach((m) => node.send(m)));
    client.on("message", (data) => {
      const text = data.toString();
      try {
        const m = JSON.parse(text);
        if (m.method === "chainHead_v1_call") calls.set(m.id, m.params[2]);
      } catch {
        // passed through as is
      }
      if (node.readyState === WebSocket.OPEN) node.send(text);
      else pending.push(text);
    });
    node.on("message", (data) => {
      let text = data.toString();
      try {
        const m = JSON.parse(text);
        if (m.id !== undefined && calls.has(m.id) && m.result?.operationId) operations.set(m.result.operationId, calls.get(m.id)!);
        const ev = m.params?.result;
        if (ev?.event === "operationCallDone" && proxy.corrupt && operations.get(ev.operationId) === proxy.corrupt) {
          ev.output = ev.output.slice(0, Math.max(4, Math.floor(ev.output.length / 3)));
          proxy.corrupted += 1;
          text = JSON.stringify(m);
        }
      } catch {
        // passed through as is
      }
      if (client.readyState === WebSocket.OPEN) client.send(text);
    });
    const closeBoth = () => {
      client.close();
      node.close();
    };
    node.on("close", closeBoth);
    node.on("error", closeBoth);
    client.on("close", closeBoth);
  });
  return proxy;
}
