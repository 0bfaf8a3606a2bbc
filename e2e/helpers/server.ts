// Starts the real server binary on a free port with a temporary data
// directory (global setup, and tests that need a server of their own).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export const serverBin = () => process.env.EPORT_SERVER_BIN ?? resolve(__dirname, '../../target/debug/eport-server');
export const distDir = () => process.env.EPORT_DIST_DIR ?? resolve(__dirname, '../../dist');

export type RunningServer = { base: string; data: string; child: ChildProcess; stop: () => Promise<void> };

export async function startServer(dist: string, args: string[] = [], port = 0): Promise<RunningServer> {
  const data = mkdtempSync(join(tmpdir(), 'eport-e2e-'));
  const child = spawn(serverBin(), ['--port', String(port), '--data-dir', data, '--dist-dir', dist, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'warn' },
  });
  const base = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('server did not start within 20 s')), 20_000);
    child.once('exit', (code) => fail(new Error(`server exited early with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = line.match(/^listening on (http:\/\/\S+)$/);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
  });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(data, { recursive: true, force: true });
  };
  return { base, data, child, stop };
}
