// The server binary and built app the tests use, and a server of a test's own.
import { resolve } from 'node:path';
import { startServer as start } from '../tools/server.mjs';

export const serverBin = () => process.env.EPORT_SERVER_BIN ?? resolve(__dirname, '../../target/debug/eport-server');
export const distDir = () => process.env.EPORT_DIST_DIR ?? resolve(__dirname, '../../dist');

export function startServer(
  dist: string,
  args: string[] = [],
  port = 0,
  prepare?: (data: string) => void,
  again?: { data: string; staff: { login: string; password: string } },
) {
  // Tests create submissions faster than people: lifted unless a test sets its own.
  return start(serverBin(), dist, ['--create-limit', '100000/100000', ...args], port, prepare, again);
}
