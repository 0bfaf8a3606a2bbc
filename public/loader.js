// Downloads and starts the app, showing progress in index.html's panel, and
// retries with back-off when the download fails or stalls (Trunk's own loader
// and its initializer hooks do not retry). Trunk inlines this file after
// defining APP_JS and APP_WASM (pattern_script in Trunk.toml); the build's
// post-build step stamps the wasm's decoded size into <meta name="eport-wasm-size">.
const STALL_MS = 15000;
const BACKOFF_MS = [2000, 4000, 8000, 16000, 30000];
const $ = (id) => document.getElementById(id);
const size = Number(document.querySelector('meta[name="eport-wasm-size"]')?.content) || 0;
let attempt = 0;
let waiting = null;

function showProgress(bytes) {
  if (!size) return;
  const percent = Math.min(100, Math.floor((bytes / size) * 100));
  $("boot-progress").value = percent;
  $("boot-percent").textContent = percent + "%";
}

// The wasm response, its body passed through while counting (decoded) bytes;
// a body that sends nothing for STALL_MS is aborted, so a stalled link fails.
async function fetchWasm(url) {
  const abort = new AbortController();
  let stall = setTimeout(() => abort.abort(), STALL_MS);
  const res = await fetch(url, { signal: abort.signal });
  if (!res.ok) throw new Error("HTTP " + res.status);
  const reader = res.body.getReader();
  let bytes = 0;
  const body = new ReadableStream({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        clearTimeout(stall);
        if (done) {
          controller.close();
          return;
        }
        stall = setTimeout(() => abort.abort(), STALL_MS);
        bytes += value.byteLength;
        showProgress(bytes);
        controller.enqueue(value);
      } catch (e) {
        controller.error(e);
      }
    },
  });
  return new Response(body, { headers: { "content-type": "application/wasm" } });
}

// Resolves once the shell is on screen and the browser has recorded it (its
// largest-contentful-paint entry, else its first paint): on a fast link the
// download would be done before the first frame, and the app's start (a long
// main-thread task that removes the shell) would leave the screen blank until
// it ends. A hidden tab paints nothing: the timer stands in.
const shown = new Promise((resolve) => {
  const types = PerformanceObserver.supportedEntryTypes || [];
  const type = types.includes("largest-contentful-paint") ? "largest-contentful-paint" : "paint";
  if (performance.getEntriesByType(type).length) return resolve();
  new PerformanceObserver(() => setTimeout(resolve, 0)).observe({ type, buffered: true });
  setTimeout(resolve, 300);
});

async function start() {
  clearTimeout(waiting);
  $("boot-failed").hidden = true;
  $("boot-progress").removeAttribute("value");
  attempt += 1;
  // A failed module import stays failed for its URL; a retry asks anew.
  const js = attempt === 1 ? APP_JS : APP_JS + "?retry=" + attempt;
  const wasm = attempt === 1 ? APP_WASM : APP_WASM + "?retry=" + attempt;
  try {
    // The downloads start once the shell is painted: the panel is what the user
    // sees first, and nothing of the app competes with it for the link.
    await shown;
    const [bindings, response] = await Promise.all([import(js), fetchWasm(wasm)]);
    await bindings.default({ module_or_path: response });
    window.wasmBindings = bindings;
    dispatchEvent(new CustomEvent("TrunkApplicationStarted"));
  } catch (e) {
    failed(e);
  }
}

function failed(error) {
  console.warn("app download failed, attempt " + attempt, error);
  document.documentElement.classList.remove("boot-cached");
  const delay = BACKOFF_MS[Math.min(attempt - 1, BACKOFF_MS.length - 1)];
  let left = Math.round(delay / 1000);
  const tell = () => {
    $("boot-retry-zh").textContent = left + " 秒后自动重试（第 " + attempt + " 次失败）。";
    $("boot-retry-en").textContent = "retrying in " + left + " s (attempt " + attempt + " failed).";
  };
  tell();
  $("boot-failed").hidden = false;
  const tick = () => {
    left -= 1;
    if (left <= 0) return start();
    tell();
    waiting = setTimeout(tick, 1000);
  };
  waiting = setTimeout(tick, 1000);
}

$("boot-retry").addEventListener("click", start);
start();
