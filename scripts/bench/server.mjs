// Starts the real server binary for a benchmark, on a free port with a
// temporary data directory; reads its peak RSS from /proc.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export async function startServer(bin, dist, args = []) {
  const data = mkdtempSync(join(tmpdir(), 'eport-bench-'));
  const child = spawn(bin, ['--port', '0', '--data-dir', data, '--dist-dir', dist, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, RUST_LOG: 'warn' },
  });
  const base = await new Promise((ok, fail) => {
    child.once('exit', (code) => fail(new Error(`server exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (l) => l.startsWith('listening on ') && ok(l.slice(13)));
  });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(data, { recursive: true, force: true });
  };
  /** Peak resident set size so far, in bytes (Linux: VmHWM). */
  const peakRss = () => {
    const m = readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/^VmHWM:\s+(\d+) kB/m);
    return m ? Number(m[1]) * 1024 : null;
  };
  return { base, stop, peakRss };
}
