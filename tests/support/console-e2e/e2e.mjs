// e2e.mjs: the staff console driven in Debian's headless Chromium (puppeteer-core) against
// a running duka, as a member of staff would use it. Run by tests/plugins/console; prints
// one line per step and "E2E OK" at the end, or the first failure and exits 1.
//
//   DUKA_URL=http://127.0.0.1:PORT STAFF_USER=boss STAFF_PASSWORD=... SHOPPER_TOKEN=...
//   SHOPPER_USER=... SHOPPER_PASSWORD=...
//   RECEIPT=QK... DOWNLOADS=/tmp/dir node e2e.mjs
//
// With ISSUER and OPENID_ACCOUNT set instead, it signs in through the OpenID provider at
// ISSUER (the code flow with PKCE, its dev interactions filled in as a person would) and
// checks the console then knows the account.
//
// Checked on every screen, at 360 and 1280 pixels wide: no console error, no failed
// request, no answer >= 400 the step did not ask for, nothing wider than the screen, and
// no serious or critical axe-core violation.
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const base = process.env.DUKA_URL;
const origin = new URL(base).origin;
const issuerOrigin = process.env.ISSUER ? new URL(process.env.ISSUER).origin : origin;
const problems = [];
let expectedStatuses = new Set();

function fail(message) {
  throw new Error(message);
}

async function apiCall(method, path, token, body) {
  const response = await fetch(base + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) fail(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    // Only duka answers: a page that needed anything from elsewhere would fail here.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
  ],
});
const page = await browser.newPage();
const cdp = await page.createCDPSession();
await cdp.send("Browser.setDownloadBehavior", {
  behavior: "allow",
  downloadPath: process.env.DOWNLOADS,
});
// The provider's own pages (its fonts, its favicon) are not the console's to answer for.
const atProvider = () => !!process.env.ISSUER && page.url().startsWith(process.env.ISSUER);
page.on("console", (message) => {
  if (atProvider()) return;
  // A 4xx the step asked for is logged by Chromium too; answers are checked below.
  if (message.type() === "error" && !message.text().startsWith("Failed to load resource"))
    problems.push(`console error: ${message.text()}`);
});
page.on("pageerror", (error) => atProvider() || problems.push(`page error: ${error.message}`));
page.on("requestfailed", (request) => {
  if (!atProvider() && !request.url().startsWith("blob:"))
    problems.push(`failed request: ${request.url()} ${request.failure()?.errorText}`);
});
page.on("request", (request) => {
  if (atProvider()) return;
  const url = request.url();
  const ours = url.startsWith(origin) || url.startsWith(issuerOrigin);
  if (!ours && !url.startsWith("blob:") && !url.startsWith("data:"))
    problems.push(`a request to another origin: ${url}`);
});
page.on("response", (response) => {
  if (atProvider()) return;
  if (response.status() >= 400 && !expectedStatuses.has(response.status()))
    problems.push(`${response.status()} for ${response.request().method()} ${response.url()}`);
});

function checkProblems(step) {
  if (problems.length > 0) fail(`${step}: ${problems.join("; ")}`);
}

async function settle() {
  await page.waitForNetworkIdle({ idleTime: 150, timeout: 10000 });
}

// audit checks the screen at both widths: axe-core, and nothing wider than the screen.
async function audit(step) {
  for (const width of [360, 1280]) {
    await page.setViewport({ width, height: 800 });
    await settle();
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    if (wide > width) fail(`${step} at ${width}px: the page is ${wide}px wide`);
    await page.evaluate(axeSource);
    const results = await page.evaluate(() =>
      window.axe.run(document, { resultTypes: ["violations"] }),
    );
    const serious = results.violations.filter((v) => ["serious", "critical"].includes(v.impact));
    if (serious.length > 0)
      fail(
        `${step} at ${width}px: ${serious
          .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)
          .join("; ")}`,
      );
  }
  await page.setViewport({ width: 1280, height: 800 });
  checkProblems(step);
  console.log(`ok: ${step}`);
}

async function text(selector) {
  return page.$eval(selector, (element) => element.textContent);
}

async function waitForText(needle, timeout = 10000) {
  await page.waitForFunction((n) => document.body.innerText.includes(n), { timeout }, needle);
}

// press presses Tab until the focused element's text or label is name, then Enter.
async function tabTo(name, key = "Enter") {
  for (let i = 0; i < 60; ++i) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const element = document.activeElement;
      const label = element.id ? document.querySelector(`label[for="${element.id}"]`) : null;
      return (label ? label.textContent : element.textContent || "").trim();
    });
    if (focused === name) {
      if (key) await page.keyboard.press(key);
      return;
    }
  }
  fail(`no element named "${name}" is reachable with Tab`);
}

// fieldByLabel waits for the field labelled label and answers a selector of it.
async function fieldByLabel(label) {
  const find = (wanted) =>
    [...document.querySelectorAll("label")].find((l) => l.textContent.trim() === wanted)?.htmlFor;
  await page.waitForFunction(find, { timeout: 10000 }, label).catch(() => {});
  const id = await page.evaluate(find, label);
  if (!id) fail(`no field labelled "${label}"`);
  return `#${id}`;
}

// open goes to a screen of the console and waits for its heading.
async function open(path, heading) {
  await page.goto(`${base}/console/#/${path}`);
  await page.waitForFunction(
    (wanted) => document.querySelector("h1")?.textContent.startsWith(wanted),
    { timeout: 10000 },
    heading,
  );
  await settle();
}

async function fill(label, value) {
  const selector = await fieldByLabel(label);
  await page.$eval(selector, (element) => (element.value = ""));
  await page.type(selector, value);
}

async function clickButton(name) {
  const buttons = await page.$$("button, a.button");
  for (const button of buttons) {
    if ((await button.evaluate((b) => b.textContent.trim())) === name) {
      await button.click();
      return;
    }
  }
  fail(`no button "${name}"`);
}

// openIdSignIn: the console's "Sign in with your organisation's account", the provider's
// login and consent pages, and back.
async function openIdSignIn() {
  await page.goto(`${base}/console/`, { waitUntil: "networkidle0" });
  await page.waitForSelector("main.sign-in button");
  await audit("the sign-in screen with a provider");
  await clickButton("Sign in with your organisation's account");
  await page.waitForSelector("input[name='login']");
  if (!page.url().startsWith(`${process.env.ISSUER}/interaction/`))
    fail(`the browser went to ${page.url()}`);
  await page.type("input[name='login']", process.env.OPENID_ACCOUNT);
  await page.type("input[name='password']", "any");
  await Promise.all([page.waitForNavigation(), page.click("button[type='submit']")]);
  if (page.url().startsWith(process.env.ISSUER)) {
    await page.waitForSelector("button[type='submit']"); // the consent page
    await Promise.all([page.waitForNavigation(), page.click("button[type='submit']")]);
  }
  await page.waitForSelector("nav[aria-label='Screens']", { timeout: 15000 });
  if (page.url() !== `${base}/console/`) fail(`the code stayed in the address: ${page.url()}`);
  const who = await text(".who");
  if (who !== process.env.OPENID_ACCOUNT) fail(`signed in as "${who}"`);
  await audit("the orders screen after the provider");
  console.log("E2E OK");
  await browser.close();
  process.exit(0);
}

try {
  if (process.env.ISSUER) await openIdSignIn();
  // 1. Sign in, with the keyboard alone.
  await page.setViewport({ width: 1280, height: 800 });
  await page.goto(`${base}/console/`, { waitUntil: "networkidle0" });
  await page.waitForSelector("form[aria-label='Sign in']");
  await audit("the sign-in screen");
  await tabTo("Username", null);
  await page.keyboard.type(process.env.STAFF_USER);
  await page.keyboard.press("Tab");
  await page.keyboard.type(process.env.STAFF_PASSWORD);
  await page.keyboard.press("Enter");
  await page.waitForSelector("nav[aria-label='Screens']");
  await audit("the orders screen");

  // 2. Create an item, with the keyboard alone: to Inventory, New item, the form.
  await tabTo("Inventory");
  await waitForText("New item");
  await audit("the inventory screen");
  await tabTo("New item");
  await page.waitForSelector("form[aria-label='New item']");
  // A price that is none: the field says so, where it is.
  expectedStatuses = new Set([400, 422]);
  await tabTo("Name", null);
  await page.keyboard.type("Console Soap");
  await tabTo("Price", null);
  await page.keyboard.type("lots");
  await page.keyboard.press("Enter");
  await page.waitForSelector("[aria-invalid='true']");
  const priceError = await page.$eval("[aria-invalid='true']", (e) => e.name);
  if (priceError !== "price") fail(`the error was shown at ${priceError}, not price`);
  expectedStatuses = new Set();
  await fill("Price", "45.00");
  await fill("On hand", "30");
  await page.focus(await fieldByLabel("On hand"));
  await page.keyboard.press("Enter");
  await waitForText("Item Console Soap");
  await audit("a new item");
  const itemId = Number(page.url().split("/").pop());

  // 3. An order placed through the API appears; it is approved and fulfilled.
  const order = await apiCall("POST", "/api/orders/", process.env.SHOPPER_TOKEN, {
    items: [{ inventory_id: itemId, quantity: 2 }],
  });
  await open("orders", "Orders");
  await waitForText(`#${order.id}`);
  await page.click(`a[href='#/orders/${order.id}']`);
  await waitForText("Lines");
  await audit("an order");
  await clickButton("Approve");
  await waitForText("Fulfil");
  await clickButton("Fulfil");
  await page.waitForFunction(() => document.body.innerText.includes("order.fulfilled"));
  const status = await text(".facts dd .badge");
  if (status !== "fulfilled") fail(`the order is ${status}`);

  // 4. Adjust the stock, with a reason; then a change the stock cannot take is a 409
  // shown beside the form.
  await open(`inventory/${itemId}`, "Item Console Soap");
  await fill("Change (+ received, - lost)", "5");
  await fill("Reason", "delivery from the wholesaler");
  await clickButton("Adjust");
  await waitForText("On hand is now 33.");
  expectedStatuses = new Set([409]);
  await fill("Change (+ received, - lost)", "-1000");
  await fill("Reason", "a count");
  await clickButton("Adjust");
  await page.waitForSelector("form[aria-label='Adjust the stock'] [role='alert']");
  expectedStatuses = new Set();
  await audit("an item adjusted");

  // 5. Match the receipt that named no order to the order placed above.
  await open("payments", "Unmatched receipts");
  await waitForText(process.env.RECEIPT);
  await audit("the unmatched receipts");
  await fill(`Order for ${process.env.RECEIPT}`, String(order.id));
  await clickButton("Match");
  await waitForText(`now pays order #${order.id}`);
  await waitForText("Nothing to match.");
  const paid = await apiCall("GET", `/api/orders/${order.id}/`, process.env.SHOPPER_TOKEN);
  if (paid.payment_status !== "paid") fail(`the order is ${paid.payment_status} after the match`);

  // 6. Sales by day, and its CSV.
  await open("reports", "Sales");
  await page.waitForSelector("svg.chart");
  await audit("the sales report");
  await clickButton("Download CSV");
  let csv = null;
  for (let i = 0; i < 100 && !csv; ++i) {
    const done = readdirSync(process.env.DOWNLOADS).filter((name) => name.endsWith(".csv"));
    if (done.length) csv = readFileSync(`${process.env.DOWNLOADS}/${done[0]}`, "utf8");
    else await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!csv || !csv.startsWith("key,label,orders,units,total\r\n"))
    fail(`the CSV downloaded: ${csv}`);
  if (!csv.includes(",1,2,90.00\r\n")) fail(`the CSV has no day with the order: ${csv}`);
  console.log("ok: the sales CSV");

  // 7. The other screens.
  for (const [screen, heading, needle] of [
    ["customers", "Customers", "New customer"],
    ["plugins", "Plugins", "console"],
    ["customers/new", "New customer", "Create customer"],
  ]) {
    await open(screen, heading);
    await waitForText(needle);
    await audit(`the ${screen} screen`);
  }

  // 8. From navigation to the orders screen showing 50 orders: the page loaded afresh, the
  // session taken up again from this tab's refresh token.
  await page.goto("about:blank");
  const started = Date.now();
  await page.goto(`${base}/console/#/orders`);
  await page.waitForFunction(() => document.querySelectorAll("tbody tr").length === 50);
  console.log(`orders screen with 50 orders shown in ${Date.now() - started} ms`);
  checkProblems("the orders screen, timed");

  // 9. Signed out, the console asks to sign in again; a customer's account is told the
  // console is for staff.
  await clickButton("Sign out");
  await page.waitForSelector("form[aria-label='Sign in']");
  checkProblems("sign out");
  await fill("Username", process.env.SHOPPER_USER);
  await fill("Password", process.env.SHOPPER_PASSWORD);
  await clickButton("Sign in");
  await waitForText("For staff only");
  await audit("a customer's account");
  await clickButton("Sign out");
  await page.waitForSelector("form[aria-label='Sign in']");
  console.log("E2E OK");
  await browser.close();
} catch (error) {
  console.log(`E2E FAILED: ${error.message}`);
  await page.screenshot({ path: `${process.env.DOWNLOADS}/failure.png` }).catch(() => {});
  await browser.close();
  process.exit(1);
}
