import { conflictChoices, uuidv7 } from '@mymedic/shared';
import { readMeta } from '../../src/engine/db';
import { confirmedLog } from '../../src/engine/local-log';
import { openClinic, signIn, type Clinic } from './clinic';
import { runCommand, settleConflict, type RunIds, type Step } from './clinical-steps';
import { expectInvariant } from './convergence-checks';
import { DeviceLink, seededRandom, type FaultRates, type FaultyNetwork } from './fault-proxy';
import { Tablet } from './tablet';
import type { Tally } from './tally';

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * One run of the property: a clinic of its own, one tablet per person on a line of its
 * own, a morning without faults, a day of steps under faults, the end of the day in
 * the conflicts inbox, then healing and syncing until nothing moves.
 */
export class ClinicDay {
  readonly tablets: Tablet[] = [];
  readonly links: DeviceLink[] = [];
  private ids: RunIds | null = null;

  private constructor(
    readonly clinic: Clinic,
    private readonly network: FaultyNetwork,
    private readonly tally: Tally,
    private readonly dice: number,
  ) {}

  static async open(
    network: FaultyNetwork,
    tally: Tally,
    options: { run: number; tablets: number; dice: number },
  ) {
    const url = network.server.url;
    const day = new ClinicDay(await openClinic(url, options.run), network, tally, options.dice);
    for (const [index, account] of day.clinic.accounts.slice(0, options.tablets).entries()) {
      const link = new DeviceLink(network, seededRandom(options.dice + index));
      await link.open();
      day.links.push(link);
      const deviceId = `${account.role}-tablet-${uuidv7()}`;
      const session = await signIn(url, account, deviceId, options.run);
      day.tablets.push(new Tablet(String.fromCharCode(65 + index), deviceId, session, link));
    }
    const doctor = await signIn(url, day.clinic.accounts[0]!, `lookup-${uuidv7()}`, options.run);
    day.ids = {
      patients: Array.from({ length: 5 }, () => uuidv7()),
      appointments: Array.from({ length: 4 }, () => uuidv7()),
      doctorId: doctor.user.user_id,
    };
    return day;
  }

  get hospitalId() {
    return this.clinic.admin.user.hospital_id;
  }

  /** The first patients are registered and every tablet has them, before any fault. */
  async morning() {
    for (const patient of [0, 1, 2])
      await runCommand(this.tablets, 0, this.ids!, { type: 'RegisterPatient', patient });
    for (const tablet of this.tablets) await tablet.syncNow();
  }

  /** The day's steps, on a network that misbehaves at the given rates. */
  async play(steps: Step[], rates: FaultRates, pullPageLimit: number | null) {
    this.network.rates = rates;
    this.network.pullPageLimit = pullPageLimit;
    this.network.injecting = true;
    for (const step of steps) await this.perform(step);
  }

  private async perform(step: Step) {
    switch (step.kind) {
      case 'command': {
        const outcome = await runCommand(this.tablets, step.tablet, this.ids!, step.command);
        this.tally.commands[outcome] += 1;
        const tablet = this.tablets[step.tablet]!;
        // Checked mid-run only while nothing else writes to that tablet's database.
        if (outcome === 'queued' && !tablet.isSyncing) {
          await expectInvariant(tablet);
          this.tally.invariantChecks += 1;
        }
        return;
      }
      case 'resolve':
        this.tally.resolutions[await settleConflict(this.tablets[step.tablet]!, step)] += 1;
        return;
      case 'sync':
        return this.tablets[step.tablet]!.startSync();
      case 'settle':
        return this.tablets[step.tablet]!.settle();
      case 'offline':
        this.links[step.tablet]!.offline = step.offline;
        return;
      case 'clock': {
        const tablet = this.tablets[step.tablet]!;
        tablet.clockOffsetMs =
          step.jumpMinutes === 0 ? 0 : tablet.clockOffsetMs + step.jumpMinutes * 60_000;
        return;
      }
      case 'wait':
        return pause(step.milliseconds);
      case 'killServer':
        return this.network.killServer('killServer');
      case 'cutDatabase':
        return this.network.cutDatabase();
    }
  }

  /**
   * The end of the day, on the same network: every tablet online syncs once, then each
   * person works through their conflicts inbox (redo, merge, discard or keep both).
   */
  async endOfDay() {
    const choose = seededRandom(this.dice ^ 0x5eed);
    for (const link of this.links) link.offline = false;
    for (const tablet of this.tablets) {
      await tablet.settle();
      await this.network.serverBack();
      await tablet.syncNow();
    }
    for (const [index, tablet] of this.tablets.entries()) {
      const open = await tablet.db.conflicts.filter((entry) => entry.resolution === null).count();
      for (let conflict = 0; conflict < open; conflict += 1) {
        const step = {
          kind: 'resolve' as const,
          tablet: index,
          which: 0,
          choice: conflictChoices[Math.floor(choose() * conflictChoices.length)]!,
          pick: Math.floor(choose() * 3),
        };
        this.tally.resolutions[await settleConflict(tablet, step)] += 1;
      }
      tablet.startSync();
    }
  }

  /**
   * Faults off, every tablet online, the server up, then every tablet syncs in turn
   * until a whole round changes nothing. Rounds in flight finish first: a push already
   * picked for a kill may still bring the server down.
   */
  async healAndQuiesce() {
    this.network.injecting = false;
    for (const link of this.links) link.offline = false;
    await Promise.all(this.tablets.map((tablet) => tablet.settle()));
    await this.network.heal();
    const snapshot = async () =>
      JSON.stringify(
        await Promise.all(
          this.tablets.map(async (tablet) => [
            await readMeta(tablet.db, 'cursor', 0),
            await tablet.db.outbox.count(),
            await tablet.db.conflicts.count(),
            await tablet.db.events.count(),
            (await confirmedLog(tablet.db)).length,
          ]),
        ),
      );
    for (let round = 1; ; round += 1) {
      const before = await snapshot();
      const failures: string[] = [];
      for (const tablet of this.tablets) {
        const failure = await tablet.syncNow();
        if (failure) failures.push(`${tablet.name}: ${failure.message}`);
      }
      this.tally.quiescenceRounds += 1;
      if (failures.length === 0 && (await snapshot()) === before) return;
      if (round >= 10)
        throw new Error(`no quiescence after ${round} rounds: ${failures.join('; ') || 'moving'}`);
      if (failures.length > 0) await pause(200);
    }
  }

  /** Every tablet's journal and line, for a failure's report. */
  journals() {
    return this.tablets
      .map(
        (tablet) =>
          `tablet ${tablet.name} (${tablet.role}), sync failures ${JSON.stringify([...tablet.syncFailures])}:\n` +
          `${tablet.journal.join('\n')}\nits line:\n${tablet.link.journal.join('\n')}`,
      )
      .join('\n');
  }

  /** Faults off and everything closed, whatever happened. */
  async close() {
    this.network.injecting = false;
    this.network.pullPageLimit = null;
    for (const link of this.links) link.offline = false;
    await Promise.allSettled(this.tablets.map((tablet) => tablet.settle()));
    await Promise.all(this.links.map((link) => link.close()));
    await Promise.all(this.tablets.map((tablet) => tablet.db.delete()));
    await this.network.heal();
  }
}
