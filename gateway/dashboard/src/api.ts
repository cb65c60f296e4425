// The page is a GraphQL client like any other: POST /graphql with the user's bearer token, so
// the gateway applies the token's tenant and data scope to everything shown.
import { lang } from "./i18n";

export class ApiError extends Error {
  constructor(message: string, readonly code?: string, readonly status?: number) {
    super(message);
  }
}

/** The gateway's address, relative to where the page is served (…/dashboard/ → …/graphql). */
export function endpoint(protocol: "http" | "ws" = "http"): string {
  const base = location.pathname.replace(/\/dashboard(\/.*)?$/, "");
  const origin = protocol === "ws" ? location.origin.replace(/^http/, "ws") : location.origin;
  return `${origin}${base}/graphql`;
}

export type Call = <T = any>(query: string, variables?: Record<string, unknown>) => Promise<T>;

export function client(token: string, onUnauthenticated: (message: string) => void): Call {
  return async (query, variables = {}) => {
    let response: Response;
    try {
      response = await fetch(endpoint(), {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Authorization: `Bearer ${token}`,
          "Accept-Language": lang() === "zh" ? "zh-CN" : "en",
        },
        body: JSON.stringify({ query, variables }),
      });
    } catch (exc) {
      throw new ApiError(String(exc), "NETWORK");
    }
    let body: any = null;
    try {
      body = await response.json();
    } catch {
      throw new ApiError(`HTTP ${response.status}`, "HTTP", response.status);
    }
    const first = body?.errors?.[0];
    if (response.status === 401) {
      onUnauthenticated(first?.message ?? "401");
      throw new ApiError(first?.message ?? "401", "UNAUTHENTICATED", 401);
    }
    if (first) throw new ApiError(first.message, first.extensions?.code, response.status);
    return body.data;
  };
}

/** Expected refusals come back as data (OperationError); turn them into exceptions. */
export function unwrap<T extends { __typename: string }>(result: T): T {
  const error = result as unknown as { __typename: string; code?: string; message?: string };
  if (error.__typename === "OperationError") throw new ApiError(error.message ?? "", error.code);
  return result;
}
