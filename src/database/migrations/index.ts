import { InitialSchema1763800000000 } from './1763800000000-initial-schema';
import { Events1763900000000 } from './1763900000000-events';
import { UsernameSkeleton1764000000000 } from './1764000000000-username-skeleton';
import { DeliveryLeaseToken1764000000001 } from './1764000000001-delivery-lease-token';
import { ImportedPasswordHashes1764100000000 } from './1764100000000-imported-password-hashes';

/** Every migration, oldest first; listed as classes so the app, the CLI and tests share them. */
export const MIGRATIONS = [
  InitialSchema1763800000000,
  Events1763900000000,
  UsernameSkeleton1764000000000,
  DeliveryLeaseToken1764000000001,
  ImportedPasswordHashes1764100000000,
];
