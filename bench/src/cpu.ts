import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's times (USER_HZ: 100 on Linux). */
const ticksPerSecond = 100;

interface ProcessTimes {
  pid: number;
  parent: number;
  name: string;
  /** utime + stime, milliseconds. */
  cpuMs: number;
}

/** A process's name, parent and CPU time from /proc; undefined once it is gone. */
function timesOf(pid: number): ProcessTimes | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The name is in parentheses and may hold spaces: the fields follow its last ')'.
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    return {
      pid,
      parent: Number(fields[1]),
      name: stat.slice(stat.indexOf('(') + 1, close),
      cpuMs: ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond,
    };
  } catch {
    return undefined;
  }
}

/** CPU milliseconds one process has used so far (undefined where /proc does not show it). */
export const processCpuMs = (pid: number) => timesOf(pid)?.cpuMs;

function processes(): ProcessTimes[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => timesOf(Number(entry)) ?? []);
}

/**
 * CPU milliseconds used so far by this process's descendants: Chromium's processes (the
 * page, the browser process that runs IndexedDB, its helpers) and the others (the sync
 * server). Wall-clock time on a machine shared with other work says little; these do.
 */
export function descendantsCpu(): { chromiumMs: number; serverMs: number } {
  const all = processes();
  const children = new Map<number, ProcessTimes[]>();
  for (const entry of all) {
    const siblings = children.get(entry.parent);
    if (siblings) siblings.push(entry);
    else children.set(entry.parent, [entry]);
  }
  let chromiumMs = 0;
  let serverMs = 0;
  const visit = (pid: number, inChromium: boolean) => {
    for (const child of children.get(pid) ?? []) {
      const chromium = inChromium || /chrom/i.test(child.name);
      if (chromium) chromiumMs += child.cpuMs;
      else serverMs += child.cpuMs;
      visit(child.pid, chromium);
    }
  };
  visit(process.pid, false);
  return { chromiumMs, serverMs };
}
