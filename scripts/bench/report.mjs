// Writes target/bench/report.md and report.json from the measurements below.
// Each figure carries its budget and whether it is met; a miss is reported, not hidden.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { measureLoads } from './loads.mjs';
import { measureSizes } from './sizes.mjs';

const root = resolve(import.meta.dirname, '../..');
const out = resolve(root, 'target/bench');
mkdirSync(out, { recursive: true });

const kb = (n) => (n / 1000).toFixed(1) + ' KB';
const sizes = measureSizes(resolve(root, 'dist'));
const BUDGET_BROTLI = 250_000;
const server = process.env.EPORT_SERVER_BIN ?? resolve(root, 'target/server/eport-server');
const loads = await measureLoads(server, resolve(root, 'dist'));
const ms = (n) => Math.round(n);
const figures = [
  {
    name: 'app transfer size (wasm + js + css, brotli)',
    value: sizes.app.brotli,
    unit: 'bytes',
    budget: `≤ ${BUDGET_BROTLI} bytes`,
    met: sizes.app.brotli <= BUDGET_BROTLI,
  },
  {
    name: `first load to interactive, cold cache, loopback (median of ${loads.runs})`,
    value: ms(loads.cold_ms.median),
    unit: 'ms',
    budget: '≤ 400 ms',
    met: loads.cold_ms.median <= 400,
  },
  {
    name: `repeat load with the network off, service worker (median of ${loads.runs})`,
    value: ms(loads.offline_repeat_ms.median),
    unit: 'ms',
    budget: '≤ 250 ms',
    met: loads.offline_repeat_ms.median <= 250,
  },
];

const report = {
  generated_at: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
  sizes,
  loads,
  figures,
};
writeFileSync(resolve(out, 'report.json'), JSON.stringify(report, null, 2) + '\n');

const lines = [
  '# E-Port Desk benchmark report',
  '',
  `Generated ${report.generated_at} on ${report.machine.cpus} × ${report.machine.model}.`,
  '',
  '## Budgets',
  '',
  '| figure | value | budget | met |',
  '|---|---|---|---|',
  ...figures.map((f) => `| ${f.name} | ${f.unit === 'bytes' ? kb(f.value) : f.value + ' ' + f.unit} | ${f.budget} | ${f.met ? 'yes' : '**NO**'} |`),
  '',
  '## Page loads',
  '',
  `Every run, ms from navigation start to the home page's heading in the DOM: cold ${loads.cold_ms.all.map(ms).join(', ')}; ` +
    `offline repeat ${loads.offline_repeat_ms.all.map(ms).join(', ')}. ` +
    `Offline repeat ÷ cold (medians): ${(loads.offline_repeat_ms.median / loads.cold_ms.median).toFixed(2)}.`,
  '',
  '## Shipped files (dist/)',
  '',
  '| file | raw | gzip -9 | brotli q11 |',
  '|---|---:|---:|---:|',
  ...sizes.files.map((f) => `| ${f.file} | ${kb(f.raw)} | ${kb(f.gzip)} | ${kb(f.brotli)} |`),
  `| **total** | ${kb(sizes.total.raw)} | ${kb(sizes.total.gzip)} | ${kb(sizes.total.brotli)} |`,
  `| wasm + js + css | ${kb(sizes.app.raw)} | ${kb(sizes.app.gzip)} | ${kb(sizes.app.brotli)} |`,
  '',
  'Sizes are deterministic for a given build; timings are medians of several runs on a shared machine.',
  '',
];
writeFileSync(resolve(out, 'report.md'), lines.join('\n'));
console.log(lines.join('\n'));
const missed = figures.filter((f) => !f.met);
if (missed.length) console.log(`Budgets missed: ${missed.map((f) => f.name).join(', ')}`);
