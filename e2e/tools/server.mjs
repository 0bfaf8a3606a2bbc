// Starts the real server binary on a free port (or `port`) with a temporary
// data directory; shared by the end-to-end tests and the benchmark.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * @param {string} bin the eport-server binary
 * @param {string} dist the built app
 * @param {string[]} args extra flags
 * @param {(data: string) => void} prepare runs on the data directory before the server starts
 * @param {{ data: string, staff: { login: string, password: string } }} [again] a stopped
 *   server's data directory and account, to start it again (another clock, say)
 */
export async function startServer(bin, dist, args = [], port = 0, prepare = () => {}, again) {
  let data, staff;
  if (again) {
    ({ data, staff } = again);
  } else {
    data = mkdtempSync(join(tmpdir(), 'eport-server-'));
    // A staff account, made the way an administrator makes one.
    const login = 'e2e';
    const out = execFileSync(bin, ['--data-dir', data, 'account', 'add', login, '--name', 'E2E 审核员'], {
      env: { ...process.env, RUST_LOG: 'warn' },
    }).toString();
    const password = out.match(/^password: (\S+)$/m)?.[1];
    if (!password) throw new Error(`account add printed no password: ${out}`);
    staff = { login, password };
  }
  prepare(data);
  const child = spawn(bin, ['--port', String(port), '--data-dir', data, '--dist-dir', dist, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'warn' },
  });
  const base = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('server did not start within 20 s')), 20_000);
    child.once('exit', (code) => fail(new Error(`server exited early with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = line.match(/^listening on (http:\/\/\S+)$/);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
  });
  /** Stops the server; its data directory goes unless `keep` (to start it again). */
  const stop = async ({ keep = false } = {}) => {
    if (child.exitCode === null) {
      const exited = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGTERM');
      await exited;
    }
    if (!keep) rmSync(data, { recursive: true, force: true });
  };
  /** Peak resident set size so far, in bytes (Linux: VmHWM). */
  const peakRss = () => {
    const m = readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/^VmHWM:\s+(\d+) kB/m);
    return m ? Number(m[1]) * 1024 : null;
  };
  return { base, data, child, stop, peakRss, staff };
}
