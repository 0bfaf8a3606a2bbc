// PostgreSQL + an S3-protocol server for the bench's second column: the
// throwaway cluster of the tests (scripts/pg-cluster.sh) and s3s-fs, a fresh
// database for each run, so the same measurements run on both backends.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

const freePort = () =>
  new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });

/** Starts both; `run(extraArgs)` calls are made with the environment pointing at them. */
export async function withPgS3(run) {
  const pgDir = mkdtempSync(join(tmpdir(), 'eport-bench-pg-'));
  const admin = execFileSync(join(root, 'scripts/pg-cluster.sh'), ['start', pgDir]).toString().trim();
  const s3Root = mkdtempSync(join(tmpdir(), 'eport-bench-s3-'));
  mkdirSync(join(s3Root, 'eport'));
  const port = await freePort();
  const s3 = spawn(
    process.env.EPORT_S3S_FS ?? join(root, '.tools/bin/s3s-fs'),
    ['--host', '127.0.0.1', '--port', String(port), '--access-key', 'bench', '--secret-key', 'bench-secret', s3Root],
    { stdio: 'ignore' },
  );
  const saved = { ...process.env };
  try {
    await new Promise((ok) => setTimeout(ok, 500));
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
      AWS_ALLOW_HTTP: 'true',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench-secret',
    });
    let n = 0;
    return await run(async (measure) => {
      // A database of its own for each measurement.
      n += 1;
      const name = `bench_${process.pid}_${n}`;
      execFileSync('psql', [admin, '-q', '-c', `CREATE DATABASE ${name}`]);
      const [base, query] = admin.split('?');
      process.env.EPORT_DATABASE_URL = `${base.slice(0, base.lastIndexOf('/'))}/${name}?${query}`;
      return measure(['--blob-store', 's3://eport/bench', '--max-store-bytes', '100GB']);
    });
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    s3.kill('SIGKILL');
    execFileSync(join(root, 'scripts/pg-cluster.sh'), ['stop', pgDir]);
    rmSync(pgDir, { recursive: true, force: true });
    rmSync(s3Root, { recursive: true, force: true });
  }
}
