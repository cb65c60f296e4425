// Live updates: a GraphQL subscription over graphql-transport-ws when the API has it (switched on
// at build time from schema.graphql), polling /graphql otherwise or when the socket fails.
import { endpoint } from "./api";
import { lang } from "./i18n";

export type Mode = "live" | "polling";

interface Options {
  token: string;
  query: string;
  variables: Record<string, unknown>;
  onEvent: (data?: any) => void; // something changed (with the event's data, if any): re-read the state
  onMode: (mode: Mode) => void;
  pollMs?: number;
}

/** Follow a subscription; returns a function that stops following. */
export function follow(useSocket: boolean, options: Options): () => void {
  let stopped = false;
  let timer: number | undefined;
  let socket: WebSocket | undefined;

  const poll = () => {
    if (stopped || timer !== undefined) return;
    options.onMode("polling");
    timer = window.setInterval(() => options.onEvent(), options.pollMs ?? 3000);
  };

  if (useSocket && "WebSocket" in window) {
    try {
      socket = new WebSocket(endpoint("ws"), "graphql-transport-ws");
    } catch {
      socket = undefined;
    }
  }
  if (!socket) {
    poll();
  } else {
    socket.onopen = () => {
      socket!.send(JSON.stringify({
        type: "connection_init",
        payload: { Authorization: `Bearer ${options.token}`, "Accept-Language": lang() === "zh" ? "zh-CN" : "en" },
      }));
    };
    socket.onmessage = (message) => {
      let data: any;
      try {
        data = JSON.parse(String(message.data));
      } catch {
        return;
      }
      if (data.type === "connection_ack") {
        socket!.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: options.query, variables: options.variables } }));
        options.onMode("live");
        options.onEvent(); // catch up with anything that happened before the subscription began
      } else if (data.type === "next") {
        if (data.payload?.errors?.length) {
          socket!.close();
          poll();
        } else {
          options.onEvent(data.payload?.data);
        }
      } else if (data.type === "ping") {
        socket!.send(JSON.stringify({ type: "pong" }));
      } else if (data.type === "error" || data.type === "complete") {
        socket!.close();
        poll();
      }
    };
    socket.onerror = () => poll();
    socket.onclose = () => {
      if (!stopped) poll(); // refused, dropped or never acknowledged: fall back to polling
    };
  }
  return () => {
    stopped = true;
    if (timer !== undefined) window.clearInterval(timer);
    if (socket && socket.readyState <= 1) socket.close();
  };
}
