import { dropRunDatabases } from './helpers/databases';

/** Drops whatever databases of this run are left (a failed test may skip its own cleanup). */
export default async function teardown(): Promise<void> {
  await dropRunDatabases();
}
