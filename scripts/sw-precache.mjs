// Stamps the service worker with this build's asset list and a build id, and
// the build id into index.html. Trunk runs it after each build (post_build hook,
// on TRUNK_STAGING_DIR); tests run it on a copied dist/ to fake a new deployment:
//   node scripts/sw-precache.mjs [dir]
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error("usage: node scripts/sw-precache.mjs <dist dir> (or TRUNK_STAGING_DIR)");
  process.exit(2);
}

function walk(d) {
  return readdirSync(d).flatMap((name) => {
    const p = join(d, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const skip = new Set(["sw.js"]);
const files = walk(dir)
  .map((p) => relative(dir, p).split(sep).join("/"))
  .filter((f) => !skip.has(f))
  .sort();

// The id covers every file's content except index.html's own stamp.
const stamp = /<meta name="eport-build" content="[^"]*">/;
const hash = createHash("sha256");
for (const f of files) {
  let body = readFileSync(join(dir, f));
  if (f === "index.html") body = Buffer.from(body.toString("utf8").replace(stamp, ""));
  hash.update(f).update("\0").update(createHash("sha256").update(body).digest());
}
const buildId = hash.digest("hex").slice(0, 16);

const indexPath = join(dir, "index.html");
let index = readFileSync(indexPath, "utf8").replace(stamp, "");
index = index.replace("<head>", `<head><meta name="eport-build" content="${buildId}">`);
writeFileSync(indexPath, index);

const swPath = join(dir, "sw.js");
const assets = files.map((f) => "/" + f);
const sw = readFileSync(swPath, "utf8")
  .replace(/^const BUILD_ID = .*;$/m, `const BUILD_ID = ${JSON.stringify(buildId)};`)
  .replace(/^const ASSETS = .*;$/m, `const ASSETS = ${JSON.stringify(assets)};`);
writeFileSync(swPath, sw);
console.log(`service worker: build ${buildId}, ${assets.length} assets precached`);
