// Transfer size of every shipped file in dist/: raw, gzip -9 and brotli q11
// (computed here from the files; the wire figures are first-visit.mjs's).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export function measureSizes(dist) {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      // The build's own .br/.gz copies are the same files, compressed.
      if (name.startsWith('.') || /\.(br|gz)$/.test(name)) continue;
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const bytes = readFileSync(p);
        files.push({
          file: p.slice(dist.length + 1),
          raw: bytes.length,
          gzip: gzipSync(bytes, { level: 9 }).length,
          brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
        });
      }
    }
  };
  walk(dist);
  files.sort((a, b) => b.brotli - a.brotli);
  // The budget counts what the enterprise app needs to start: wasm + js + css
  // (not the staff console, not the tools the service worker caches later).
  const counted = files.filter((f) => /\.(wasm|js|css)$/.test(f.file) && !/^eport-(staff|tools)-/.test(f.file));
  const sum = (k, list) => list.reduce((n, f) => n + f[k], 0);
  return {
    files,
    total: { raw: sum('raw', files), gzip: sum('gzip', files), brotli: sum('brotli', files) },
    app: { raw: sum('raw', counted), gzip: sum('gzip', counted), brotli: sum('brotli', counted) },
  };
}
