// Drives Debian's Chromium with playwright-core (from the dashboard's npm devDependencies, no
// browser download) for the Python tests: one JSON command per line on stdin, one JSON answer per
// line on stdout. Also records what the page did that it must not: console errors, page errors,
// and any request that left the gateway's origin (the dashboard must work offline).
import { createRequire } from "node:module";
import { createInterface } from "node:readline";

const [dashboardDir, executablePath, origin] = process.argv.slice(2);
const require = createRequire(`${dashboardDir}/package.json`);
const { chromium } = require("playwright-core");

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-quic", "--no-first-run"],
});
const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
context.setDefaultTimeout(20_000);
const page = await context.newPage();
const problems = { console: [], page: [], foreign: [], failed: [] };
page.on("console", (m) => m.type() === "error" && problems.console.push(m.text()));
page.on("pageerror", (e) => problems.page.push(String(e)));
page.on("request", (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith("data:")) problems.foreign.push(r.url()); });
page.on("requestfailed", (r) => problems.failed.push(`${r.url()} ${r.failure()?.errorText}`));

// (made into functions here: the page's CSP forbids evaluating strings in it)
const call = (source) => new Function("arg", `return (${source})(arg);`);

const ops = {
  goto: ({ url }) => page.goto(url, { waitUntil: "load" }).then(() => null),
  fill: ({ selector, value }) => page.fill(selector, value),
  click: ({ selector }) => page.click(selector),
  select: ({ selector, value }) => page.selectOption(selector, value).then(() => null),
  text: ({ selector }) => page.textContent(selector),
  attr: ({ selector, name }) => page.getAttribute(selector, name),
  texts: ({ selector }) => page.locator(selector).allTextContents(),
  attrs: ({ selector, name }) => page.locator(selector).evaluateAll((els, n) => els.map((e) => e.getAttribute(n)), name),
  count: ({ selector }) => page.locator(selector).count(),
  wait: ({ selector, state }) => page.waitForSelector(selector, { state: state ?? "visible" }).then(() => null),
  // expressions are functions' source, called in the page with one JSON argument
  until: ({ expression, arg }) => page.waitForFunction(call(expression), arg ?? null).then((h) => h.jsonValue()),
  eval: ({ expression, arg }) => page.evaluate(call(expression), arg ?? null),
  press: ({ key }) => page.keyboard.press(key),
  viewport: ({ width, height }) => page.setViewportSize({ width, height }),
  screenshot: ({ path, fullPage }) => page.screenshot({ path, fullPage: fullPage ?? true }).then(() => null),
  problems: () => problems,
};

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const { id, op, ...args } = JSON.parse(line);
  if (op === "close") break;
  let answer;
  try {
    answer = { id, ok: true, result: (await ops[op](args)) ?? null };
  } catch (exc) {
    answer = { id, ok: false, error: String(exc?.message ?? exc) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
await browser.close();
