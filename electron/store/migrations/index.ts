import type { Migration } from '../migration';
import { migration0001 } from './0001-init';
import { migration0002 } from './0002-vault';
import { migration0003 } from './0003-history';

/** Every migration in order; append only, never edit one that has shipped. */
export const migrations: readonly Migration[] = [migration0001, migration0002, migration0003];
