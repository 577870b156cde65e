// The browser leg of kpss: a real server on a temporary database with the demo city, a real
// headless Chromium. For every role it walks the pages reachable from the home page and the
// admin menu, runs axe-core (WCAG 2.0/2.1 A and AA) and the Nu Html Checker on each, submits
// every form empty and with absurd values, and plays the main journeys with the keyboard only.
// It ends with one line "N passed, N failed".

import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const kpss = process.env.KPSS_BIN;
if (!kpss) throw new Error("set KPSS_BIN to the kpss binary");
// Demo passwords are generated when the demo is filled and printed once; read them from there.
const PASSWORDS = {};
const ROLES = {
  public: null,
  provider: "poskytovatel@demo.kpss.cz",
  manager: "manazer@demo.kpss.cz",
  admin: "koordinator@demo.kpss.cz",
};
const started = Date.now();
const results = [];
function record(name, ok, detail = "") {
  results.push({ name, ok, detail });
  console.log(`${ok ? "ok  " : "FAIL"} ${name}${detail ? ` – ${detail}` : ""}`);
}

// --- server -------------------------------------------------------------------------------
const work = mkdtempSync(join(tmpdir(), "kpss-e2e-"));
const htmlDir = join(work, "html");
mkdirSync(htmlDir);
const shots = join(here, "screenshots");
mkdirSync(shots, { recursive: true });

const server = spawn(kpss, ["--listen", "127.0.0.1:0"], {
  cwd: work,
  env: { ...process.env, KPSS_LOG: "warn", RUST_BACKTRACE: "0" },
  stdio: ["ignore", "pipe", "inherit"],
});
const base = await new Promise((resolve, reject) => {
  let out = "";
  server.stdout.on("data", (chunk) => {
    out += chunk;
    const m = out.match(/kpss běží na (http:\/\/127\.0\.0\.1:\d+)/);
    if (m) {
      for (const [, email, password] of out.matchAll(/^ {2}(\S+@demo\.kpss\.cz) .* (\S+)$/gm)) {
        PASSWORDS[email] = password;
      }
      resolve(m[1]);
    }
  });
  server.on("exit", (code) => reject(new Error(`kpss exited with ${code}: ${out}`)));
  setTimeout(() => reject(new Error(`kpss did not start: ${out}`)), 120_000);
});
console.log(`kpss at ${base}`);
record("the demo's passwords are generated and printed once", Object.keys(PASSWORDS).length === 4
  && Object.values(PASSWORDS).every((p) => p.length >= 16 && p !== "demo-heslo-2026"),
  JSON.stringify(Object.keys(PASSWORDS)));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});
const axeSource = readFileSync(join(here, "node_modules/axe-core/axe.min.js"), "utf8");

async function newContext(viewport = { width: 1280, height: 900 }) {
  // axe is injected as an inline script, which kpss's CSP rightly forbids.
  return browser.newContext({ bypassCSP: true, viewport, locale: "cs-CZ" });
}

async function login(page, email) {
  await page.goto(`${base}/prihlaseni`);
  await page.fill("#email", email);
  await page.fill("#password", PASSWORDS[email]);
  await Promise.all([page.waitForNavigation(), page.click("form.narrow button[type=submit]")]);
}

async function axe(page) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
  });
}

let pageCount = 0;
async function check(page, role, label, response, expectStatus) {
  const status = response ? response.status() : 0;
  const okStatus = expectStatus ? expectStatus(status) : status < 400;
  const html = response ? await response.text() : await page.content();
  pageCount += 1;
  writeFileSync(join(htmlDir, `${String(pageCount).padStart(4, "0")}-${role}.html`), html);
  // The frame every page must have: language, title, skip link, breadcrumbs, main landmark.
  const frame = await page.evaluate(() => [
    document.documentElement.lang === "cs" ? "" : "no lang=cs",
    document.title.trim() ? "" : "no title",
    document.querySelector("a.skip-link[href='#obsah']") ? "" : "no skip link",
    document.querySelector("nav.breadcrumbs") ? "" : "no breadcrumbs",
    document.querySelector("main#obsah") ? "" : "no main",
  ].filter(Boolean));
  // The same page at a desk and on a phone: axe at both widths, and nothing may push the
  // phone's page sideways.
  const violations = (await axe(page)).map((v) => `1280 px ${v}`);
  const desk = page.viewportSize();
  await page.setViewportSize(PHONE);
  violations.push(...(await axe(page)).map((v) => `360 px ${v}`));
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  if (wide > PHONE.width) frame.push(`360 px scrolls sideways (scrollWidth ${wide}, widest: ${await widest(page)})`);
  await page.setViewportSize(desk);
  titles.set(new URL(page.url()).pathname, (await page.title()).trim());
  record(`${role} ${label}: status ${status}, frame, axe at 1280 and 360 px`, okStatus && violations.length === 0 && frame.length === 0,
    [okStatus ? "" : `status ${status}`, ...frame, ...violations].filter(Boolean).join("; "));
}

const PHONE = { width: 360, height: 740 };
// Every page's title by its path: two different pages must not share one.
const titles = new Map();

/** The element that sticks out furthest to the right, to name in a failure. */
async function widest(page) {
  return page.evaluate(() => {
    let worst = null;
    let right = document.documentElement.clientWidth;
    for (const el of document.querySelectorAll("body *")) {
      // Text that overflows its box widens the box's scroll extent, not its rectangle.
      const r = Math.max(el.getBoundingClientRect().right, el.getBoundingClientRect().left + el.scrollWidth);
      if (r > right) { right = r; worst = el; }
    }
    return worst ? `${worst.tagName.toLowerCase()}.${[...worst.classList].join(".")} to ${Math.round(right)} px` : "none";
  });
}

// Pages that differ only by an id are checked twice, not hundreds of times.
function pattern(url) {
  const u = new URL(url);
  const keys = [...u.searchParams.keys()].sort().join(",");
  return u.pathname.replace(/\/\d+/g, "/:id") + (keys ? `?${keys}` : "");
}

async function crawl(role) {
  const context = await newContext();
  const page = await context.newPage();
  if (ROLES[role]) await login(page, ROLES[role]);
  const starts = ["/", "/katalog"];
  if (ROLES[role]) starts.push("/sprava", "/ucet/heslo");
  starts.push("/pripominkovani/1", "/pripominkovani/1/vyporadani", "/dotazniky/2/vysledky", "/mapa-potreb", "/potreby/1", "/prognoza", "/dokumenty", "/dokumenty/1", "/otevrena-data");
  if (role === "admin") starts.push("/pripominkovani/1/sprava", "/sprava/uzivatele", "/sprava/skupiny", "/sprava/lide", "/sprava/organizace/nova", "/plany/novy",
    "/akcni-plany/3/hodnoceni/opatreni", "/plany/1/souhrnna-zprava/shrnuti", "/sprava/registr", "/sprava/registr/1",
    "/plany/1/srozumitelna-verze/upravit");
  if (role === "manager") starts.push("/akcni-plany/3/hodnoceni/opatreni");
  const queue = starts.map((p) => `${base}${p}`);
  const seen = new Set();
  const perPattern = new Map();
  while (queue.length > 0 && seen.size < 60) {
    const url = queue.shift();
    if (seen.has(url)) continue;
    const key = pattern(url);
    if ((perPattern.get(key) || 0) >= 2) continue;
    seen.add(url);
    perPattern.set(key, (perPattern.get(key) || 0) + 1);
    const path = new URL(url).pathname;
    if (/\.(json|jsonld)$/.test(path) || path.startsWith("/api/") || path.startsWith("/otevrena-data/sady/")) {
      // Data, not a page: JSON that parses.
      const answer = await context.request.get(url);
      const type = answer.headers()["content-type"] || "";
      let parsed = true;
      try { JSON.parse(await answer.text()); } catch { parsed = false; }
      record(`${role} ${path}: data`, answer.status() === 200 && /json/.test(type) && parsed,
        `status ${answer.status()}, ${type}`);
      continue;
    }
    if (/\.(xlsx|pdf|csv|ics)$/.test(new URL(url).pathname)) {
      // A download, not a page: it must come with its type and a file name.
      const answer = await context.request.get(url);
      const type = answer.headers()["content-type"] || "";
      const disposition = answer.headers()["content-disposition"] || "";
      const body = await answer.body();
      const path = new URL(url).pathname;
      const magic = path.endsWith(".pdf") ? "%PDF" : path.endsWith(".csv") ? "\uFEFF"
        : path.endsWith(".ics") ? "BEGIN:VCALENDAR" : "PK";
      record(`${role} ${new URL(url).pathname}: download`,
        answer.status() === 200 && disposition.startsWith("attachment") && body.toString("utf8").startsWith(magic),
        `status ${answer.status()}, ${type}, ${disposition}`);
      continue;
    }
    const response = await page.goto(url);
    await check(page, role, new URL(url).pathname + new URL(url).search, response);
    const links = await page.$$eval("a[href]", (as) => as.map((a) => a.href));
    for (const link of links) {
      const u = new URL(link);
      if (u.origin === base && !u.pathname.startsWith("/static/") && !seen.has(u.href.split("#")[0])) {
        queue.push(u.href.split("#")[0]);
      }
    }
  }
  await context.close();
  return seen.size;
}

// --- forms, empty and absurd ---------------------------------------------------------------
async function submitForm(page, role, label, fill) {
  // The browser's own checks (required, type=email) would stop the request; the server's
  // answer is what is tested here.
  await page.$$eval("form", (forms) => forms.forEach((f) => { f.noValidate = true; }));
  await fill(page);
  const [response] = await Promise.all([
    page.waitForNavigation(),
    // The visible button that saves, not a step of a two-step form (name=step), the form's
    // hidden default button, nor a row's action drawn as a link (remove, move).
    page.click("main form[method=post] button[type=submit]:not([name=step]):not([tabindex='-1']):not(.link)"),
  ]);
  const status = response.status();
  const summary = await page.$(".error-summary");
  // Focus starts on the summary, so a screen reader reads what went wrong first.
  const focused = await page.evaluate(() => document.activeElement.matches(".error-summary"));
  await check(page, role, `${label}`, response, (s) => s >= 400 && s < 500);
  record(`${role} ${label}: error summary shown and focused`, summary !== null && focused && status < 500,
    `status ${status}${focused ? "" : ", focus elsewhere"}`);
}

async function badForms() {
  const absurd = "ř".repeat(100_000);
  const context = await newContext();
  const page = await context.newPage();
  await page.goto(`${base}/zapomenute-heslo`);
  await submitForm(page, "public", "forgotten password empty", async () => {});
  await page.goto(`${base}/prihlaseni`);
  await submitForm(page, "public", "login empty", async () => {});
  await page.goto(`${base}/prihlaseni`);
  await submitForm(page, "public", "login absurd", async (p) => {
    await p.fill("#email", absurd);
    await p.fill("#password", absurd);
  });
  await login(page, ROLES.admin);
  const forms = [
    ["/sprava/organizace/nova", "organisation"],
    ["/sprava/uzivatele", "users"],
    ["/ucet/heslo", "password"],
    ["/plany/novy", "new plan"],
    ["/sprava/ciselniky/obvody", "districts list"],
    ["/sprava/skupiny/nova", "new work group"],
    ["/sprava/lide/novy", "new member"],
    // Surveys: a new one, the demo's users' questionnaire online, the providers' one from
    // paper, and the providers' settings.
    ["/dotazniky/novy", "new survey"],
    ["/dotazniky/2/vyplnit", "survey answer"],
    ["/dotazniky/1/papirovy", "paper questionnaire"],
    ["/dotazniky/1/upravit", "survey settings"],
    ["/potreby/nova", "new need"],
    ["/potreby/1/upravit", "need edit"],
    ["/prognoza/ukazatele", "need ratio"],
    ["/prognoza/obyvatelstvo", "population table"],
    ["/dokumenty/novy", "new document"],
    ["/dokumenty/1/upravit", "document edit"],
    ["/sprava/otevrena-data", "open data publisher"],
  ];
  const orgLink = await (async () => {
    await page.goto(`${base}/sprava`);
    return page.$eval("main table a[href*='/sluzby/nova']", (a) => a.getAttribute("href"));
  })();
  forms.push([orgLink, "new service"]);
  forms.push([orgLink.replace("/sluzby/nova", ""), "organisation edit"]);
  await page.goto(`${base}/sprava/uzivatele`);
  const accountLinks = await page.$$eval("main table a[href^='/sprava/uzivatele/']", (as) => as.map((a) => a.getAttribute("href")));
  forms.push([accountLinks[accountLinks.length - 1], "account edit"]);
  await page.goto(`${base}/sprava/lide`);
  const memberLink = await page.$eval("main table a[href^='/sprava/lide/']", (a) => a.getAttribute("href"));
  forms.push([memberLink, "member edit"]);
  forms.push([`${memberLink}/clenstvi/nove`, "new membership"]);
  // A group's next meeting: planning one, its attendance and its minutes.
  await page.goto(`${base}/skupiny`);
  const groupHref = await page.$eval("main table a[href^='/skupiny/']", (a) => a.getAttribute("href"));
  forms.push([`${groupHref}/schuzky/nova`, "new meeting"]);
  await page.goto(`${base}${groupHref}`);
  const nextMeeting = await page.$eval("main ul a[href^='/schuzky/']", (a) => a.getAttribute("href"));
  forms.push([`${nextMeeting}/dochazka`, "attendance"]);
  forms.push([`${nextMeeting}/zapis`, "minutes"]);
  // Events: planning one, the public registration of the next, and the attendance of a held one.
  forms.push(["/akce/nova", "new event"]);
  await page.goto(`${base}/akce`);
  const eventHrefs = await page.$$eval("main ul.cards h3 a[href^='/akce/']", (as) => as.map((a) => a.getAttribute("href")));
  forms.push([eventHrefs[0], "event registration"]);
  forms.push([`${eventHrefs[0]}/upravit`, "event edit"]);
  await page.goto(`${base}${eventHrefs[eventHrefs.length - 1]}`);
  const heldDate = await page.$eval("main a[href*='/ucast/']", (a) => a.getAttribute("href"));
  forms.push([heldDate, "event attendance"]);
  // The internal thread on a measure of the draft of the next plan.
  await page.goto(`${base}/plany/2`);
  const thread = await page.$eval("main a[href$='/diskuse']", (a) => a.getAttribute("href"));
  forms.push([thread, "measure discussion"]);
  await page.goto(`${base}/katalog/sluzby/1`);
  forms.push(["/sprava/sluzby/1", "service edit"]);
  // The evaluation of a card still owed in the open round 2025, and a card of a new action
  // plan 2026 started here.
  await page.goto(`${base}/akcni-plany/3/hodnoceni`);
  const owed = await page.$eval("main table a[href^='/karty/']", (a) => a.getAttribute("href"));
  forms.push([`${owed}/hodnoceni`, "card evaluation"]);
  forms.push([`/akce/nova?karta=${owed.split("/").pop()}`, "project event"]);
  // A 2025 measure of a group that has not judged yet, that group's evaluation, and the
  // coordinator's summary of the plan (texts up to 20 000 characters: the absurd one is longer).
  await page.goto(`${base}/akcni-plany/3/hodnoceni/opatreni`);
  const unjudged = await page.$eval("#skupina-DEL ~ div a[href*='/hodnoceni/opatreni/']", (a) => a.getAttribute("href"));
  forms.push([unjudged, "measure judgement"]);
  const groupText = await page.$eval("main a[href*='/hodnoceni/skupiny/']", (a) => a.getAttribute("href"));
  forms.push([groupText, "group evaluation", absurd]);
  forms.push(["/plany/1/souhrnna-zprava/shrnuti", "coordinator's summary", absurd]);
  await page.goto(`${base}/plany/1`);
  await Promise.all([page.waitForNavigation(), page.click("main form[action$='/akcni-plany'] button[type=submit]")]);
  const newPlan = new URL(page.url()).pathname;
  forms.push([`${newPlan}/karty/nova`, "new card"]);
  // With JavaScript the card form adds up the planned costs as they are typed and offers the
  // chosen organisation's services without a new page.
  await page.goto(`${base}${newPlan}/karty/nova`);
  const costs = await page.$$("main input[name^='cost_']");
  await costs[0].fill("1 000 000");
  await costs[1].fill("250000");
  const total = (await page.textContent("output[data-cost-total]")).replace(/\s/g, " ");
  // The coordinator picks from many organisations by name (radio buttons), others from a list.
  if (await page.$("select#organisation")) {
    const value = await page.$eval("select#organisation option:nth-child(2)", (o) => o.value);
    await page.selectOption("select#organisation", value);
  } else {
    await page.fill("#organisation_query", "demo");
    await Promise.all([page.waitForNavigation(), page.click("button[name=step][value=organizace]")]);
    await page.check("main input[type=radio][name=organisation]");
  }
  await page.waitForSelector("select#service", { timeout: 5000 }).catch(() => {});
  const services = (await page.$("select#service")) ? "loaded" : "not loaded";
  record("card form adds up the costs and loads the services with JavaScript",
    total === "1 250 000 Kč" && services === "loaded", `total „${total}“, services ${services}`);
  // Taking the 2025 cards over with none chosen.
  await page.goto(`${base}${newPlan}/prevzeti`);
  await submitForm(page, "admin", "take-over with nothing chosen", async (p) => {
    await p.$$eval("main form[method=post] input[type=checkbox]", (boxes) => boxes.forEach((b) => { b.checked = false; }));
  });
  const emptyAndAbsurd = async (path, name, tooLong) => {
    await page.goto(`${base}${path}`);
    await page.$$eval("main form[method=post] input[type=text], main form[method=post] input[type=email], main form[method=post] textarea",
      (inputs) => inputs.forEach((i) => { i.value = ""; }));
    await submitForm(page, "admin", `${name} empty`, async () => {});
    await page.goto(`${base}${path}`);
    await submitForm(page, "admin", `${name} absurd`, async (p) => {
      await p.$$eval("main form[method=post] input[type=text], main form[method=post] input[type=email], main form[method=post] input[type=password], main form[method=post] textarea",
        (inputs, v) => inputs.forEach((i) => { i.value = v; }), tooLong || absurd.slice(0, 5000) + "-1e999");
    });
  };
  for (const [path, name, tooLong] of forms) await emptyAndAbsurd(path, name, tooLong);
  // A survey of its own, without answers, for the question form.
  await page.goto(`${base}/dotazniky/novy`);
  await page.fill("#title", "Dotazník z prohlížeče");
  await page.fill("#opens", "1. 1. 2026");
  await page.fill("#closes", "31. 12. 2030");
  await Promise.all([page.waitForNavigation(), page.click("main form[method=post] button[type=submit]")]);
  const builtSurvey = new URL(page.url()).pathname;
  await emptyAndAbsurd(`${builtSurvey}/otazky/nova`, "new survey question");
  // Last, as it ends the draft's writing: the next plan's draft goes to consultation; its
  // comment form, and the coordinator's entry of a comment that came on paper.
  await page.goto(`${base}/plany/2/pripominkove-rizeni`);
  await Promise.all([page.waitForNavigation(), page.click("main form[method=post] button[type=submit]")]);
  openConsultation = await page.$eval("main a[href^='/pripominkovani/']", (a) => a.getAttribute("href"));
  await emptyAndAbsurd(`${openConsultation}/plan`, "consultation comment");
  await emptyAndAbsurd(`${openConsultation}/nova`, "consultation entry");
  await context.close();
}

/** The consultation the bad forms opened on the next plan's draft. */
let openConsultation = null;

// --- keyboard journeys ---------------------------------------------------------------------
async function tabTo(page, selector, max = 80) {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press("Tab");
    const hit = await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector);
    if (hit) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

async function journey(name, body, options = {}) {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 }, locale: "cs-CZ", ...options });
  const page = await context.newPage();
  try {
    await body(page);
    record(`journey: ${name}`, true);
  } catch (e) {
    record(`journey: ${name}`, false, e.message.split("\n")[0]);
  }
  await page.screenshot({ path: join(shots, `${name.replace(/[^a-z0-9]+/gi, "-")}.png`), fullPage: true });
  await context.close();
}

async function keyboardJourneys() {
  await journey("citizen searches seniori opens a service and prints it", async (page) => {
    await page.goto(`${base}/`);
    await tabTo(page, "#q");
    await page.keyboard.type("seniori");
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    if (!(await page.textContent(".result-count")).includes("Nalezeno")) throw new Error("no result count");
    await tabTo(page, ".result-list h2 a");
    const name = await page.evaluate(() => document.activeElement.textContent.trim());
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    if ((await page.textContent("h1")).trim() !== name) throw new Error("detail of another service");
    await tabTo(page, "a[href$='/tisk']");
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    if (!(await page.textContent("h1")).includes(name)) throw new Error("print view lacks the service");
  });

  await journey("citizen misspells a search and follows the suggestion", async (page) => {
    await page.goto(`${base}/`);
    await tabTo(page, "#q");
    await page.keyboard.type("pecovatleska sluzbba");
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    const offer = await page.textContent(".suggestion");
    if (!offer.includes("Měli jste na mysli pečovatelská služba")) throw new Error(`suggestion: ${offer}`);
    await tabTo(page, ".suggestion a");
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    if ((await page.inputValue("#q")) !== "pečovatelská služba") throw new Error("the suggestion was not searched");
    if (await page.$(".suggestion")) throw new Error("a query found as typed offers nothing");
    if (!(await page.$(".result-list h2 a"))) throw new Error("the suggestion finds nothing");
  });

  await journey("citizen searches in the words people use", async (page) => {
    await page.goto(`${base}/katalog?q=bezdomovci`);
    const names = await page.$$eval(".result-list h2 a", (links) => links.map((a) => a.textContent));
    if (names.length === 0) throw new Error("„bezdomovci“ finds nothing");
  });

  await journey("provider corrects its capacity and sees it in search", async (page) => {
    await page.goto(`${base}/prihlaseni`);
    await tabTo(page, "#email");
    await page.keyboard.type(ROLES.provider);
    await page.keyboard.press("Tab");
    await page.keyboard.type(PASSWORDS[ROLES.provider]);
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    await page.goto(`${base}/sprava`);
    await tabTo(page, "main table a[href^='/katalog/organizace/']");
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    await tabTo(page, "main ul a[href^='/katalog/sluzby/']");
    const name = await page.evaluate(() => document.activeElement.textContent.trim());
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    await tabTo(page, "a[href^='/sprava/sluzby/']");
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    await tabTo(page, "#capacity");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("77");
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    if (!(await page.textContent("main")).includes("77 ")) throw new Error("capacity not saved");
    await tabTo(page, "a[href='/katalog']");
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    await tabTo(page, "#q");
    await page.keyboard.type(name.replace(" (demo)", ""));
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    if (!(await page.textContent(".result-list")).includes(name)) throw new Error("not found in search");
  });

  await journey("manager schedules a meeting records attendance and publishes the minutes", async (page) => {
    await page.goto(`${base}/prihlaseni`);
    await tabTo(page, "#email");
    await page.keyboard.type(ROLES.manager);
    await page.keyboard.press("Tab");
    await page.keyboard.type(PASSWORDS[ROLES.manager]);
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    await tabTo(page, "a[href='/skupiny']");
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    const seniors = await page.$$eval("main table a", (as) => as.find((a) => a.textContent.trim() === "Senioři").getAttribute("href"));
    await tabTo(page, `main table a[href='${seniors}']`);
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    await tabTo(page, "main a[href$='/schuzky/nova']");
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    await tabTo(page, "#day");
    await page.keyboard.type("15. 12. 2026");
    await page.keyboard.press("Tab");
    await page.keyboard.type("9:00");
    await page.keyboard.press("Tab");
    await page.keyboard.type("10:30");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Klub seniorů, Poruba");
    const [planned] = await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    if (!/\/schuzky\/\d+$/.test(new URL(planned.url()).pathname)) throw new Error(`planned at ${planned.url()}`);
    await tabTo(page, "main a[href$='/dochazka']");
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    await tabTo(page, "main input[type=radio][value=pritomen]");
    await page.keyboard.press("Space");
    await tabTo(page, "main button[type=submit]");
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    if (!(await page.textContent("main")).includes("přítomnost: 1")) throw new Error("attendance not recorded");
    await tabTo(page, "main a[href$='/zapis']");
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    await tabTo(page, "#minutes");
    await page.keyboard.type("## Závěry\n\n- Program projednán.");
    await tabTo(page, "button[value='zverejnit']");
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    const notice = await page.textContent(".flash[role=alert]");
    if (!notice.includes("zveřejněn")) throw new Error(`notice: ${notice}`);
    if (!(await page.textContent("main h2 + .meta, main .meta")).includes("zveřejněn")) throw new Error("minutes not published");
  });

  await journey("provider reports on its 2025 card and submits it", async (page) => {
    await page.goto(`${base}/prihlaseni`);
    await tabTo(page, "#email");
    await page.keyboard.type(ROLES.provider);
    await page.keyboard.press("Tab");
    await page.keyboard.type(PASSWORDS[ROLES.provider]);
    // The start page lists the cards the provider owes, the late ones first.
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    if ((await page.textContent("h1")).trim() !== "Moje práce") throw new Error("not on the start page");
    await tabTo(page, "main .waiting a[href$='/hodnoceni']");
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    await tabTo(page, "#status");
    await page.keyboard.press("s");
    await tabTo(page, "#actual-clients");
    await page.keyboard.type("120");
    await tabTo(page, "button[value='odevzdat']");
    const [sent] = await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    if (!/\/karty\/\d+$/.test(new URL(sent.url()).pathname)) throw new Error(`ended at ${sent.url()}`);
    const state = await page.textContent("main");
    if (!state.includes("odevzdáno") || !state.includes("120")) throw new Error("report not submitted");
    const notice = await page.textContent(".flash[role=alert]");
    if (!notice.includes("bylo odevzdáno ke schválení")) throw new Error(`notice: ${notice}`);
  });

  await journey("coordinator is asked before closing the 2025 round and goes back", async (page) => {
    await login(page, ROLES.admin);
    await page.goto(`${base}/akcni-plany/3/hodnoceni`);
    await tabTo(page, "main a[href$='/hodnoceni/uzavrit']");
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    const main = await page.textContent("main");
    if (!main.includes("Co se stane") || !main.includes("nelze znovu otevřít")) throw new Error("no consequences shown");
    await tabTo(page, "main form button.warning");
    await tabTo(page, "main .actions a");
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    if (!new URL(page.url()).pathname.endsWith("/akcni-plany/3/hodnoceni")) throw new Error(`ended at ${page.url()}`);
    if (!(await page.textContent("main")).includes("Uzavřít hodnocení…")) throw new Error("the round was closed");
  });

  await journey("manager judges a 2025 measure of the seniors group", async (page) => {
    await page.goto(`${base}/prihlaseni`);
    await tabTo(page, "#email");
    await page.keyboard.type(ROLES.manager);
    await page.keyboard.press("Tab");
    await page.keyboard.type(PASSWORDS[ROLES.manager]);
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    await page.goto(`${base}/akcni-plany/3/hodnoceni`);
    await tabTo(page, "main a[href$='/hodnoceni/opatreni']");
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    await tabTo(page, "main a[href*='/hodnoceni/opatreni/']:not([href*='#'])");
    const href = await page.evaluate(() => document.activeElement.getAttribute("href"));
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    if (!(await page.textContent("main")).includes("Návrh kpss")) throw new Error("no proposal shown");
    await tabTo(page, "input[name=fulfilment]");
    await page.keyboard.press("ArrowDown");
    await tabTo(page, "#reasoning");
    await page.keyboard.type("Druhý terénní pracovník nastoupil až v září.");
    await tabTo(page, "#indicator-actual-0");
    await page.keyboard.type("812,5");
    await tabTo(page, "button[value='odevzdat']");
    const [sent] = await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    if (!new URL(sent.url()).pathname.endsWith("/hodnoceni/opatreni")) throw new Error(`ended at ${sent.url()}`);
    await page.goto(`${base}${href}`);
    const main = await page.textContent("main");
    if (!main.includes("odevzdáno") || !main.includes("částečně splněno") || !main.includes("812,5")) {
      throw new Error("judgement not submitted as typed");
    }
  });

  await journey("citizen comments on a measure of the draft in consultation", async (page) => {
    if (!openConsultation) throw new Error("no consultation was opened");
    await page.goto(`${base}${openConsultation}`);
    await tabTo(page, "main a[href*='/opatreni-']");
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    await tabTo(page, "#remark");
    await page.keyboard.type("Prosím o víkendový provoz odlehčovací služby.");
    await tabTo(page, "main form button[type=submit]");
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    if (!(await page.textContent("main")).includes("připomínka byla přijata")) throw new Error("no thanks");
  });
  await journey("admin fixes an invalid ICO and saves the organisation", async (page) => {
    await login(page, ROLES.admin);
    await page.goto(`${base}/sprava/organizace/nova`);
    await tabTo(page, "#name");
    await page.keyboard.type("Nová naděje, z. s.");
    await page.keyboard.press("Tab");
    await page.keyboard.type("00845452");
    const [bad] = await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    if (bad.status() !== 422) throw new Error(`expected 422, got ${bad.status()}`);
    // Focus lands on the error summary; its link leads to the field.
    if (!(await page.evaluate(() => document.activeElement.matches(".error-summary")))) throw new Error("summary not focused");
    await tabTo(page, ".error-summary a[href='#ico']", 3);
    await page.keyboard.press("Enter");
    const focus = await page.evaluate(() => ({ id: document.activeElement.id, described: document.activeElement.getAttribute("aria-describedby") }));
    if (focus.id !== "ico" || focus.described !== "ico-chyba") throw new Error(`focus ${JSON.stringify(focus)}`);
    const message = await page.textContent("#ico-chyba");
    if (!message.includes("kontrolní číslici")) throw new Error(`message ${message}`);
    await page.keyboard.press("Control+A");
    await page.keyboard.type("25596641");
    const [good] = await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    if (!good.url().includes("/katalog/organizace/")) throw new Error(`ended at ${good.url()}`);
    if ((await page.textContent("h1")).trim() !== "Nová naděje, z. s.") throw new Error("wrong page");
    if (!(await page.textContent(".flash")).includes("byla přidána do katalogu")) throw new Error("no notice");
  });
}

// --- phone ---------------------------------------------------------------------------------
async function phoneChecks() {
  // Without JavaScript: the menu folds on a phone, opens from its button, and is simply there
  // on a desk; the home page's search is on the first screen.
  await journey("phone menu opens by keyboard without JavaScript", async (page) => {
    await page.setViewportSize(PHONE);
    await page.goto(`${base}/`);
    const link = page.locator("nav.main-nav a[href='/katalog']");
    if (await link.isVisible()) throw new Error("menu not folded at 360 px");
    const search = await page.locator("#q").boundingBox();
    if (!search || search.y + search.height > PHONE.height) throw new Error(`search below the first screen: ${JSON.stringify(search)}`);
    await tabTo(page, "nav.main-nav summary", 5);
    await page.keyboard.press("Enter");
    if (!(await link.isVisible())) throw new Error("menu did not open");
    await tabTo(page, "nav.main-nav a[href='/katalog']", 5);
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    if (new URL(page.url()).pathname !== "/katalog") throw new Error(`ended at ${page.url()}`);
    await page.setViewportSize({ width: 1280, height: 900 });
    if (!(await link.isVisible()) || (await page.locator("nav.main-nav summary").isVisible())) {
      throw new Error("menu not open on a desk");
    }
  }, { javaScriptEnabled: false });
  // A wide table on a phone scrolls in its own box, which the keyboard can reach and move.
  await journey("phone table scrolls by keyboard", async (page) => {
    await page.setViewportSize(PHONE);
    await login(page, ROLES.admin);
    await page.goto(`${base}/plany/1/souhrnna-zprava`);
    const region = "main .table-scroll[role=region][tabindex='0']";
    const scrolls = await page.$$eval(region, (els) => els.map((e) => e.scrollWidth > e.clientWidth));
    const index = scrolls.indexOf(true);
    if (index < 0) throw new Error(`no table scrolls at 360 px (${scrolls.length} regions)`);
    await page.$$eval(region, (els, i) => els[i].setAttribute("data-probe", "1"), index);
    await tabTo(page, `${region}[data-probe]`, 400);
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    const left = await page.$eval(`${region}[data-probe]`, (e) => e.scrollLeft);
    if (left <= 0) throw new Error("the arrow keys did not scroll the table");
  });
}

// Every file the open-data page offers, as a visitor downloads it: CSV for Excel, JSON with
// its licence and rows, the DCAT records; and the OpenAPI document.
async function openData() {
  const context = await newContext();
  const page = await context.newPage();
  await page.goto(`${base}/otevrena-data`);
  const links = await page.$$eval("main a[href^='/otevrena-data/'], main a[href='/api/openapi.json']",
    (as) => as.map((a) => a.getAttribute("href")));
  links.push("/api/openapi.json");
  for (const href of [...new Set(links)]) {
    const answer = await context.request.get(`${base}${href}`);
    const type = answer.headers()["content-type"] || "";
    const body = await answer.body();
    let ok = answer.status() === 200;
    let detail = `status ${answer.status()}, ${type}`;
    if (href.endsWith(".csv")) {
      const text = body.toString("utf8");
      ok &&= (answer.headers()["content-disposition"] || "").startsWith("attachment") && text.startsWith("\uFEFF")
        && text.split("\r\n").length > 2 && (answer.headers()["link"] || "").includes("creativecommons.org/licenses/by/4.0");
      detail += `, ${text.split("\r\n").length - 2} rows`;
    } else {
      try {
        const json = JSON.parse(body.toString("utf8"));
        if (href.endsWith(".json") && href.startsWith("/otevrena-data/")) {
          ok &&= json.licence === "https://creativecommons.org/licenses/by/4.0/" && json.items.length > 0;
          detail += `, ${json.items.length} items`;
        } else if (href.startsWith("/otevrena-data/")) {
          ok &&= typeof json.iri === "string" && ["Katalog", "Datová sada"].includes(json.typ);
        } else {
          ok &&= json.openapi === "3.1.0";
        }
      } catch (e) {
        ok = false;
        detail += `, ${e}`;
      }
    }
    record(`open data ${href}`, ok, detail);
  }
  record("open data page offers every dataset as CSV and JSON",
    links.filter((l) => /^\/otevrena-data\/[^/]+\.csv$/.test(l)).length === 6
      && links.filter((l) => /^\/otevrena-data\/[^/]+\.json$/.test(l)).length === 6,
    links.join(" "));
  await context.close();
}

// Every publication „Dokumenty“ lists, as a visitor reads it: each page checked like any page,
// each PDF downloaded as a PDF and its first page rendered to PNG for a person to look at.
async function publications() {
  const context = await newContext();
  const page = await context.newPage();
  await page.goto(`${base}/dokumenty`);
  const links = await page.$$eval("main a[href]", (as) => as.map((a) => a.getAttribute("href")));
  const ours = [...new Set(links.filter((l) =>
    /^\/(plany|akcni-plany)\/\d+\/(dokument|vyhodnoceni-dvou-let|srozumitelna-verze)(\.pdf)?$/.test(l)
      || /^\/katalog\/(kniha|pruvodce)\/[^/]+$/.test(l)))];
  for (const kind of ["/plany/.+/dokument", "/akcni-plany/.+/dokument", "vyhodnoceni-dvou-let", "/katalog/kniha/",
    "/katalog/pruvodce/", "srozumitelna-verze"]) {
    record(`„Dokumenty“ lists ${kind} as page and PDF`,
      ours.some((l) => new RegExp(kind).test(l) && l.endsWith(".pdf"))
        && ours.some((l) => new RegExp(kind).test(l) && !l.endsWith(".pdf")), ours.join(" "));
  }
  for (const href of ours) {
    if (href.endsWith(".pdf")) {
      const answer = await context.request.get(`${base}${href}`);
      const body = await answer.body();
      const ok = answer.status() === 200 && body.toString("latin1").startsWith("%PDF")
        && (answer.headers()["content-disposition"] || "").startsWith("attachment");
      record(`publication ${href}: PDF`, ok, `status ${answer.status()}, ${body.length} B`);
      const name = `publication-${href.replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "")}`;
      const file = join(shots, `${name}.pdf`);
      writeFileSync(file, body);
      try {
        execFileSync("pdftoppm", ["-r", "60", "-f", "1", "-l", "3", "-png", file, join(shots, name)]);
      } catch (e) {
        record(`${href}: pages rendered to PNG`, false, `pdftoppm: ${e.message.split("\n")[0]}`);
      }
    } else if (!href.startsWith("/katalog/pruvodce/") || href.endsWith("/seniori")) {
      const response = await page.goto(`${base}${href}`);
      await check(page, "public", href, response);
    }
  }
  await context.close();
}

// --- run -----------------------------------------------------------------------------------
try {
  const counts = {};
  for (const role of Object.keys(ROLES)) counts[role] = await crawl(role);
  console.log(`pages walked per role: ${JSON.stringify(counts)}`);
  await openData();
  await publications();
  await badForms();
  await keyboardJourneys();
  // Two pages with one title cannot be told apart in tabs, history or a screen reader's list.
  const byTitle = new Map();
  for (const [path, title] of titles) byTitle.set(title, [...(byTitle.get(title) || []), path]);
  const shared = [...byTitle].filter(([, paths]) => paths.length > 1);
  record(`${titles.size} pages have ${byTitle.size} distinct titles`, shared.length === 0,
    shared.slice(0, 5).map(([t, p]) => `„${t}“: ${p.join(", ")}`).join("; "));

  await phoneChecks();
  const phone = await (await newContext(PHONE)).newPage();
  await phone.goto(`${base}/katalog/sluzby/1`);
  await phone.screenshot({ path: join(shots, "phone-service-detail.png"), fullPage: true });
  await phone.goto(`${base}/`);
  await phone.screenshot({ path: join(shots, "phone-home.png") });
  await phone.click("nav.main-nav summary");
  await phone.screenshot({ path: join(shots, "phone-home-menu.png") });

  // The reports as a person sees them: pages at 1280 px, and every PDF page as a PNG.
  const desk = await (await newContext()).newPage();
  await login(desk, ROLES.admin);
  for (const [path, name] of [["/plany/1/souhrnna-zprava", "summary-report"], ["/akcni-plany/3/hodnoceni", "round-dashboard"],
    ["/akcni-plany/3/hodnoceni/opatreni", "measure-judgements"]]) {
    await desk.goto(`${base}${path}`);
    await desk.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  }
  for (const [path, name] of [["/plany/1/souhrnna-zprava.pdf", "pdf-summary-report"], ["/akcni-plany/3/zprava.pdf", "pdf-action-plan-2025"]]) {
    const answer = await desk.context().request.get(`${base}${path}`);
    const file = join(shots, `${name}.pdf`);
    writeFileSync(file, await answer.body());
    try {
      execFileSync("pdftoppm", ["-r", "60", "-png", file, join(shots, name)]);
      record(`${path}: pages rendered to PNG`, true);
    } catch (e) {
      record(`${path}: pages rendered to PNG`, false, `pdftoppm: ${e.message.split("\n")[0]}`);
    }
  }

  // The Nu Html Checker over every page saved above, in one run.
  let vnu = "";
  try {
    vnu = execFileSync("java", ["-jar", join(here, "node_modules/vnu-jar/build/dist/vnu.jar"),
      "--errors-only", "--format", "json", "--skip-non-html", htmlDir], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    vnu = e.stderr || e.stdout || "";
  }
  const messages = vnu.trim() ? JSON.parse(vnu).messages.filter((m) => m.type === "error") : [];
  const errorsByFile = new Map();
  for (const m of messages) {
    const file = m.url.split("/").pop();
    errorsByFile.set(file, [...(errorsByFile.get(file) || []), `${m.lastLine}: ${m.message}`]);
  }
  record(`Nu Html Checker on ${pageCount} pages: ${messages.length} errors`, messages.length === 0,
    [...errorsByFile].slice(0, 5).map(([f, e]) => `${f} ${e.slice(0, 3).join(" | ")}`).join("; "));
} finally {
  await browser.close();
  server.kill();
  rmSync(work, { recursive: true, force: true });
}

const failed = results.filter((r) => !r.ok).length;
const axeFailures = results.filter((r) => !r.ok && r.name.includes("axe")).length;
console.log(`pages checked: ${pageCount}, axe failures: ${axeFailures}, time: ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`e2e: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
