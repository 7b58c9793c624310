import { startBalancer, type Balancer } from '@mymedic/sync-server/haproxy';
import { freePort, releasePort, startServerProcess, type RunningServer } from './server-process';

export interface BalancedServers {
  /** The balancer's address: every request of the benchmark goes through it. */
  url: string;
  servers: RunningServer[];
  balancer: Balancer;
  stop(): Promise<void>;
}

/**
 * `processes` server processes on one database behind a real HAProxy, its configuration
 * made from deploy/haproxy.cfg as the reliability suite makes it, except that it hands
 * out requests round robin: no sticky sessions, so a device's live stream and the push
 * that should poke it may land on different processes.
 */
export async function startBalancedServers(
  environment: Record<string, string>,
  processes: number,
): Promise<BalancedServers> {
  const servers: RunningServer[] = [];
  let balancer: Balancer | undefined;
  let balancerPort: number | undefined;
  const stop = async () => {
    await balancer?.stop();
    if (balancerPort !== undefined) releasePort(balancerPort);
    await Promise.all(servers.map((server) => server.stop()));
  };
  try {
    // The first alone, so that one process runs the migrations while the others wait.
    servers.push(await startServerProcess(environment));
    const others = await Promise.allSettled(
      Array.from({ length: processes - 1 }, () => startServerProcess(environment)),
    );
    for (const other of others) if (other.status === 'fulfilled') servers.push(other.value);
    const failed = others.find((other) => other.status === 'rejected');
    if (failed) throw failed.reason;
    balancerPort = await freePort();
    balancer = await startBalancer(
      balancerPort,
      servers.map((server) => server.port),
      { balance: 'roundrobin' },
    );
    return { url: balancer.url, servers, balancer, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
