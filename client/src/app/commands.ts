import { isDomainError, mayRead } from '@mymedic/shared';
import { useState } from 'react';
import { execute, type CommandInput } from '../engine/engine';
import { projectionTables } from '../engine/projections';
import { fieldErrors } from '../ui/Field';
import { useClinic } from './clinic';

/** Whether the person at the tablet may read clinical records (the permission table's read rules). */
export function useReadsClinical(): boolean {
  const { actor } = useClinic();
  return mayRead(actor.role, 'clinical');
}

/**
 * Runs commands on this device for a screen: all of them in one transaction (so a
 * check-in and its appointment's status change land together), with the decider's
 * refusal turned into messages next to the fields. Nothing waits for the network.
 */
export function useCommands() {
  const { db, actor } = useClinic();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);

  async function run(commands: CommandInput | CommandInput[], done: string): Promise<boolean> {
    const list = Array.isArray(commands) ? commands : [commands];
    try {
      await db.transaction(
        'rw',
        [db.events, db.outbox, db.meta, ...projectionTables(db)],
        async () => {
          for (const command of list) await execute(db, actor, command);
        },
      );
      setErrors({});
      setMessage(done);
      return true;
    } catch (error) {
      if (!isDomainError(error)) throw error;
      setErrors({ ...fieldErrors(error.details), form: error.message });
      setMessage(null);
      return false;
    }
  }

  return { run, errors, setErrors, message, setMessage };
}
