// After Trunk has built both pages into one directory (scripts/build-app.sh),
// finishes the build for serving:
//   1. stamps each page with its wasm's decoded size (the loader's percent);
//   2. stamps the service worker with the enterprise app's asset list and a
//      build id, and the id into index.html (the staff console, robots.txt,
//      the install icons and the compressed copies are not precached);
//   3. writes a brotli (.br) and a gzip (.gz) copy of every text and wasm file
//      that compresses, which the server sends by Accept-Encoding.
// Tests run it on a copied dist/ to fake a new deployment:
//   node scripts/post-build.mjs <dir>
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node scripts/post-build.mjs <dist dir>");
  process.exit(2);
}

function walk(d) {
  return readdirSync(d).flatMap((name) => {
    const p = join(d, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}
const compressed = (f) => f.endsWith(".br") || f.endsWith(".gz");
// A rebuild into the same directory (tests) drops the previous copies first.
for (const p of walk(dir)) if (compressed(p)) rmSync(p);
const files = () => walk(dir).map((p) => relative(dir, p).split(sep).join("/")).sort();

// 1. The wasm each page loads, and its size.
const pages = files().filter((f) => f.endsWith(".html"));
const sizeMeta = /<meta name="eport-wasm-size" content="[^"]*">/;
for (const page of pages) {
  const path = join(dir, page);
  let html = readFileSync(path, "utf8").replace(sizeMeta, "");
  const wasm = html.match(/APP_WASM = "\/([^"]+\.wasm)"/);
  if (!wasm) continue;
  const size = statSync(join(dir, wasm[1])).size;
  html = html.replace("<head>", `<head><meta name="eport-wasm-size" content="${size}">`);
  writeFileSync(path, html);
}

// 2. The enterprise app's precache lists and build id.
// The page is precached as "/", the address the browser has just loaded (and
// cached): installing then revalidates it (304) instead of fetching it again.
// The tools bundle (tools.html, its wasm and the print CSS) is a list of its own, which the
// service worker caches once the app is running (public/sw.js). The install
// icons are the browser's to fetch when it installs the app.
const notPrecached = (f) =>
  f === "sw.js" ||
  f === "robots.txt" ||
  f === "staff.html" ||
  f.startsWith("eport-staff-") ||
  /^staff-.*\.css$/.test(f) ||
  f.startsWith("icons/");
// The sheets' stylesheet goes with the tools (printing is one of them): the
// app people open first does not load it.
const isTool = (f) => f === "tools.html" || f.startsWith("eport-tools-") || /^print-.*\.css$/.test(f);
const precached = files().filter((f) => !notPrecached(f));
const stamp = /<meta name="eport-build" content="[^"]*">/;
const stamped = ["index.html", "tools.html"];
const hash = createHash("sha256");
for (const f of precached) {
  let body = readFileSync(join(dir, f));
  if (stamped.includes(f)) body = Buffer.from(body.toString("utf8").replace(stamp, ""));
  hash.update(f).update("\0").update(createHash("sha256").update(body).digest());
}
const buildId = hash.digest("hex").slice(0, 16);
for (const page of stamped) {
  const path = join(dir, page);
  let html = readFileSync(path, "utf8").replace(stamp, "");
  html = html.replace("<head>", `<head><meta name="eport-build" content="${buildId}">`);
  writeFileSync(path, html);
}
const swPath = join(dir, "sw.js");
const url = (f) => (f === "index.html" ? "/" : "/" + f);
const assets = precached.filter((f) => !isTool(f)).map(url);
const tools = precached.filter(isTool).map(url);
if (tools.length !== 4) throw new Error(`expected tools.html, its js, wasm and print CSS; found ${tools}`);
const sw = readFileSync(swPath, "utf8")
  .replace(/^const BUILD_ID = .*;$/m, `const BUILD_ID = ${JSON.stringify(buildId)};`)
  .replace(/^const ASSETS = .*;$/m, `const ASSETS = ${JSON.stringify(assets)};`)
  .replace(/^const TOOLS = .*;$/m, `const TOOLS = ${JSON.stringify(tools)};`);
writeFileSync(swPath, sw);

// 3. Compressed copies, kept only where they save at least a tenth.
const text = /\.(html|js|css|wasm|webmanifest|txt|json|svg|ico)$/;
let raw = 0;
let br = 0;
for (const f of files().filter((f) => text.test(f))) {
  const body = readFileSync(join(dir, f));
  const b = brotliCompressSync(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
  if (b.length > body.length * 0.9) continue;
  writeFileSync(join(dir, f + ".br"), b);
  writeFileSync(join(dir, f + ".gz"), gzipSync(body, { level: 9 }));
  raw += body.length;
  br += b.length;
}
console.log(
  `post-build: build ${buildId}, ${assets.length} assets precached; ` +
    `compressed ${(raw / 1024).toFixed(0)} KiB to ${(br / 1024).toFixed(0)} KiB brotli`
);
