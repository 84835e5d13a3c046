/** A fresh database in a temporary folder for each test of the file, with a table `t (x)`. */
import { afterEach, beforeEach } from 'vitest';
import { openDatabase, type Db } from '../../src/db/database.js';
import { SCHEMA } from '../../src/schema.js';
import { makeTempDir } from './temp-dir.js';

export function useTempDatabase(): { readonly db: Db; readonly dir: string } {
  let temp: ReturnType<typeof makeTempDir>;
  let db: Db;
  beforeEach(() => {
    temp = makeTempDir();
    db = openDatabase(temp.dir, SCHEMA);
    db.exec('CREATE TABLE t (x INTEGER)');
  });
  afterEach(() => {
    db.close();
    temp.cleanup();
  });
  return {
    get db() {
      return db;
    },
    get dir() {
      return temp.dir;
    },
  };
}
