import { InitialSchema1763800000000 } from './1763800000000-initial-schema';

/** Every migration, oldest first; listed as classes so the app, the CLI and tests share them. */
export const MIGRATIONS = [InitialSchema1763800000000];
