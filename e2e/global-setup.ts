// Starts the real server binary on a free port with a temporary data directory
// and the release build of the app; tests read the address from EPORT_BASE_URL
// and the staff account the server was given from EPORT_STAFF_LOGIN/PASSWORD.
import { distDir, startServer } from './helpers/server';

export type StaffCreds = { login: string; password: string };

/** The shared server's staff account. */
export function staffCreds(): StaffCreds {
  const login = process.env.EPORT_STAFF_LOGIN;
  const password = process.env.EPORT_STAFF_PASSWORD;
  if (!login || !password) throw new Error('EPORT_STAFF_LOGIN/PASSWORD unset: run through e2e/playwright.config.ts');
  return { login, password };
}

export default async function globalSetup() {
  const server = await startServer(distDir(), []);
  process.env.EPORT_BASE_URL = server.base;
  process.env.EPORT_DATA_DIR = server.data;
  process.env.EPORT_STAFF_LOGIN = server.staff.login;
  process.env.EPORT_STAFF_PASSWORD = server.staff.password;
  return server.stop;
}
