import type { Migration } from '../migration';
import { migration0001 } from './0001-init';
import { migration0002 } from './0002-vault';
import { migration0003 } from './0003-history';
import { migration0004 } from './0004-saved-requests';
import { migration0005 } from './0005-traffic';
import { migration0006 } from './0006-history-findings';
import { migration0007 } from './0007-rotations';
import { migration0008 } from './0008-keyed-fingerprints';
import { migration0009 } from './0009-credential-origins';
import { migration0010 } from './0010-keyhole-own-traffic';
import { migration0011 } from './0011-sealed-history';
import { migration0012 } from './0012-append-only-replace';
import { migration0013 } from './0013-trimmed-bodies';
import { migration0014 } from './0014-cut-bodies';
import { migration0015 } from './0015-memory-held-secrets';
import { migration0016 } from './0016-intercepted-history';

/** Every migration in order; append only, never edit one that has shipped. */
export const migrations: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
  migration0011,
  migration0012,
  migration0013,
  migration0014,
  migration0015,
  migration0016,
];
