import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, ServerProcess } from '../../test/server-process';
import { DataDirectoryInUseError, lockFileOf } from './data-dir-lock';
import { EmbeddedDatabaseUnreadableError, openPglite } from './database';

const root = mkdtempSync(join(tmpdir(), 'mymedic-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Each test opens PGlite afresh, which takes long on a busy machine.
describe('one process at a time on the embedded database', { timeout: 240_000 }, () => {
  it('refuses a second process while the server runs, and takes over after a SIGKILL', async () => {
    const dataDir = join(root, 'server');
    const server = new ServerProcess({ DATA_DIR: dataDir }, await freePort());
    const second = new ServerProcess({ DATA_DIR: dataDir }, await freePort());
    try {
      await server.start();
      const pglite = join(dataDir, 'pglite');
      expect(readFileSync(lockFileOf(pglite), 'utf8').trim()).toBe(String(server.pid));
      const refused = await openPglite(pglite).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(DataDirectoryInUseError);
      expect((refused as Error).message).toContain(`process ${server.pid}`);

      // A second server on the same folder stops at once, saying why.
      second.spawn();
      const outcome = await second.waitUntilUp();
      expect(outcome.up).toBe(false);
      expect(!outcome.up && outcome.output).toContain(`is open in process ${server.pid}`);

      // A power cut leaves the lock behind; its process is gone, so the next open takes it.
      await server.kill();
      expect(existsSync(lockFileOf(pglite))).toBe(true);
      const database = await openPglite(pglite);
      expect(readFileSync(lockFileOf(pglite), 'utf8').trim()).toBe(String(process.pid));
      await database.close();
      expect(existsSync(lockFileOf(pglite))).toBe(false);
    } finally {
      await server.kill();
      await second.kill();
    }
  });

  it('refuses to open the same folder twice in one process', async () => {
    const dataDir = join(root, 'twice');
    const database = await openPglite(dataDir);
    try {
      await expect(openPglite(dataDir)).rejects.toBeInstanceOf(DataDirectoryInUseError);
      await database.query('SELECT 1');
    } finally {
      await database.close();
    }
    await (await openPglite(dataDir)).close();
  });

  it('takes over a lock naming a process that is gone', async () => {
    const dataDir = join(root, 'stale');
    await (await openPglite(dataDir)).close();
    // No process has an id this large (the kernel's limit is 2^22).
    writeFileSync(lockFileOf(dataDir), '99999999\n');
    const database = await openPglite(dataDir);
    await database.close();
    expect(existsSync(lockFileOf(dataDir))).toBe(false);
  });

  it('says what to do when PGlite cannot read the folder', async () => {
    const dataDir = join(root, 'damaged');
    await (await openPglite(dataDir)).close();
    rmSync(join(dataDir, 'global', 'pg_control'));
    const failure = await openPglite(dataDir).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(EmbeddedDatabaseUnreadableError);
    expect((failure as Error).message).toContain('Aborted()');
    expect((failure as Error).message).toContain('pnpm restore');
    // The failed open holds nothing: the folder may be opened (or moved) at once.
    expect(existsSync(lockFileOf(dataDir))).toBe(false);
  });
});
