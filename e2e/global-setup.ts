// Starts the real server binary on a free port with a temporary data directory
// and the release build of the app; tests read the address from EPORT_BASE_URL.
import { distDir, startServer } from './helpers/server';

export const STAFF_TOKEN = 'e2e-staff-token';

export default async function globalSetup() {
  const server = await startServer(distDir(), ['--staff-token', STAFF_TOKEN]);
  process.env.EPORT_BASE_URL = server.base;
  process.env.EPORT_DATA_DIR = server.data;
  return server.stop;
}
