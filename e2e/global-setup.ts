// Starts the real server binary on a free port with a temporary data directory
// and the release build of the app; tests read the address from EPORT_BASE_URL.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export const STAFF_TOKEN = 'e2e-staff-token';

export default async function globalSetup() {
  const bin = process.env.EPORT_SERVER_BIN ?? resolve(__dirname, '../target/debug/eport-server');
  const dist = process.env.EPORT_DIST_DIR ?? resolve(__dirname, '../dist');
  const data = mkdtempSync(join(tmpdir(), 'eport-e2e-'));
  const child = spawn(bin, ['--port', '0', '--data-dir', data, '--dist-dir', dist, '--staff-token', STAFF_TOKEN], {
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
  process.env.EPORT_BASE_URL = base;
  process.env.EPORT_DATA_DIR = data;
  return async () => {
    child.kill('SIGTERM');
    rmSync(data, { recursive: true, force: true });
  };
}
