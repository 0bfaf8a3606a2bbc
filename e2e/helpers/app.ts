// What the app itself recorded, read from its IndexedDB in the page: the event
// log (every request with its time, status and bytes, as the sender saw it)
// and the outbox. Tests about time or bytes assert from these, not from the
// test's own clock.
import type { Page } from '@playwright/test';

export type AppEvent = {
  at: string;
  kind: string;
  summary: string;
  endpoint?: string | null;
  status?: number | null;
  bytes?: number | null;
  duration_ms?: number | null;
};

async function readStore<T>(page: Page, store: string, database = 'eport-desk'): Promise<T[]> {
  return page.evaluate(async ([name, dbName]) => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open(dbName);
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const all = await new Promise<unknown[]>((ok, fail) => {
      const r = db.transaction(name).objectStore(name).getAll();
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    db.close();
    return all as never;
  }, [store, database] as const) as Promise<T[]>;
}

/** The app's event log, oldest first (of the sandbox's own database with `database`). */
export const appEvents = (page: Page, database?: string) => readStore<AppEvent>(page, 'events', database);

/** The outbox entries. */
export const outboxEntries = (page: Page) =>
  // `phase` is "queued", "received"… or {"waiting": {cause, attempts, next_at}}.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readStore<{ id: string; case_id: string; phase: any }>(page, 'outbox');

/** The app's requests to `method path` (e.g. `PUT /submissions/{id}`), in order. */
export async function requests(page: Page, endpoint: string) {
  return (await appEvents(page)).filter((e) => e.kind === 'sync' && e.endpoint === endpoint);
}

export const time = (e: AppEvent) => Date.parse(e.at);

/** The cases as stored. */
export const storedCases = (page: Page) =>
  readStore<{ id: string; enrollment: { legal_person: { mobile: string }; agent: { phone: string } } }>(page, 'cases');
