import { format } from 'date-fns';
import { useCallback, useEffect, useState } from 'react';
import { useClinic } from '../../app/clinic';
import { ApiError, type KnownDevice } from '../../engine/api';
import { Feedback, secondaryButtonClass } from '../../ui/Field';
import { Panel } from '../../ui/Panel';

/**
 * The devices people signed in on, and the answer to a lost tablet: "Report lost" ends
 * its sessions on the server at once; the tablet wipes what the server holds the next
 * time it reaches it. Online only: the server knows the devices, not this tablet.
 */
export function Devices() {
  const { api } = useClinic();
  const [list, setList] = useState<{ devices: KnownDevice[]; this_device: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const load = useCallback(() => {
    api.devices().then(
      (answer) => {
        setList(answer);
        setProblem(null);
      },
      (failure: unknown) =>
        setProblem(
          failure instanceof ApiError && failure.status === 0
            ? 'The list of devices needs the server, which cannot be reached now.'
            : failure instanceof Error
              ? failure.message
              : 'The devices could not be read',
        ),
    );
  }, [api]);
  useEffect(load, [load]);

  async function revoke(deviceId: string) {
    try {
      const { sessions_ended } = await api.revokeDevice(deviceId);
      setMessage(
        `Reported lost: ${sessions_ended} session${sessions_ended === 1 ? '' : 's'} ended. The tablet wipes the records it holds the next time it reaches the server.`,
      );
      setConfirming(null);
      load();
    } catch (failure) {
      setProblem(failure instanceof Error ? failure.message : 'The device could not be revoked');
    }
  }

  return (
    <Panel id="devices-title" title="Devices" className="">
      <p className="text-sm text-slate-700">
        Tablets and computers people signed in on. Report a lost or stolen one to end its sessions
        at once.
      </p>
      <Feedback message={message} error={problem ?? undefined} />
      <ul className="mt-3 divide-y divide-slate-200">
        {list?.devices.map((device) => (
          <li key={device.device_id} className="flex flex-wrap items-center gap-3 py-3">
            <div className="min-w-0 flex-1">
              <p className="font-medium">
                {device.people.map((person) => person.full_name).join(', ')}
                {device.device_id === list.this_device && ' · this device'}
              </p>
              <p className="truncate text-sm text-slate-700">
                Last sign-in {format(new Date(device.last_signed_in_at), 'd MMM yyyy HH:mm')} ·{' '}
                {device.revoked_at
                  ? `reported lost ${format(new Date(device.revoked_at), 'd MMM yyyy')}`
                  : `${device.live_sessions} open session${device.live_sessions === 1 ? '' : 's'}`}{' '}
                · <span className="font-mono">{device.device_id}</span>
              </p>
            </div>
            {!device.revoked_at &&
              device.device_id !== list.this_device &&
              (confirming === device.device_id ? (
                <span className="flex gap-2">
                  <button
                    type="button"
                    className={secondaryButtonClass}
                    onClick={() => void revoke(device.device_id)}
                  >
                    Yes, it is lost: end its sessions
                  </button>
                  <button
                    type="button"
                    className="min-h-11 px-2 underline"
                    onClick={() => setConfirming(null)}
                  >
                    Cancel
                  </button>
                </span>
              ) : (
                <button
                  type="button"
                  className={secondaryButtonClass}
                  onClick={() => setConfirming(device.device_id)}
                >
                  Report lost
                </button>
              ))}
          </li>
        ))}
      </ul>
    </Panel>
  );
}
