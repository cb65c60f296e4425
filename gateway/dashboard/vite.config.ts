// Build of the county command dashboard (驾驶舱). The output goes to dist/ (gitignored), which the
// gateway serves at /dashboard/. Features that depend on the API are switched on from the
// committed schema (../schema.graphql) at build time, so the page never asks a production gateway
// for introspection.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const sdl = readFileSync(fileURLToPath(new URL("../schema.graphql", import.meta.url)), "utf8");
const subscription = /^type Subscription \{[\s\S]*?^\}/m.exec(sdl)?.[0] ?? "";
const query = /^type Query \{[\s\S]*?^\}/m.exec(sdl)?.[0] ?? "";
if (!query) throw new Error("gateway/schema.graphql has no Query type: regenerate it (make schema) and build again");

export default defineConfig({
  base: "./",
  define: {
    __LIVE_ACKS__: JSON.stringify(/\bemergencyAcknowledgements\(/.test(subscription)),
    __CASES_LIST__: JSON.stringify(/^  cases\(first: Int!/m.test(query)),
    __EMERGENCY_LIST__: JSON.stringify(/^  emergencies\(/m.test(query)),
  },
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: { outDir: "dist", emptyOutDir: true, target: "es2020", assetsInlineLimit: 0, reportCompressedSize: true },
});
