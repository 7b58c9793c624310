import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';

/** Lock files this process holds, so that it refuses to open one database twice too. */
const heldHere = new Set<string>();

/** A second process (or a second open in this one) of an embedded database already open. */
export class DataDirectoryInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: number,
  ) {
    super(
      `The embedded database in ${dataDir} is open in ${holder === process.pid ? 'this process already' : `process ${holder}`} ` +
        '(a running MyMedic server, or a command such as pnpm backup). Stop that process first: ' +
        'two processes writing one embedded database damage it. If no MyMedic process runs, ' +
        `delete ${lockFileOf(dataDir)} and start again.`,
    );
    this.name = 'DataDirectoryInUseError';
  }
}

export const lockFileOf = (dataDir: string) => `${dataDir}.lock`;

/**
 * Takes `<dataDir>.lock` for this process, as PostgreSQL's postmaster.pid does for a
 * server: PGlite takes no lock of its own, and two processes that open one data
 * directory both succeed, both write, and leave it unreadable (electric-sql/pglite#1106).
 * A lock left by a process that is gone (a power cut, a SIGKILL) is taken over. Returns
 * the release, which also runs when the process exits.
 */
export function lockDataDirectory(dataDir: string): () => void {
  const file = lockFileOf(dataDir);
  if (heldHere.has(file)) throw new DataDirectoryInUseError(dataDir, process.pid);
  for (let attempt = 0; ; attempt += 1) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const holder = holderOf(file);
      if (holder !== undefined && isAnotherLiveProcess(holder))
        throw new DataDirectoryInUseError(dataDir, holder);
      removeIfThere(file);
    }
  }
  heldHere.add(file);
  const release = () => {
    process.off('exit', release);
    if (!heldHere.delete(file)) return;
    if (holderOf(file) === process.pid) removeIfThere(file);
  };
  process.on('exit', release);
  return release;
}

function holderOf(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a process of this id runs, other than this one and its parent: after a
 * restart (a container's, a machine's) the dead holder's id may well be ours now.
 */
function isAnotherLiveProcess(pid: number) {
  if (pid === process.pid || pid === process.ppid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeIfThere(file: string) {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
