import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClinic } from '../../app/clinic';
import { useFormat } from '../../app/useFormat';
import { ApiError, type KnownDevice } from '../../engine/api';
import { Feedback, secondaryButtonClass } from '../../ui/Field';
import { Panel } from '../../ui/Panel';
import { sayFailure } from '../../i18n/refusals';

/**
 * The devices people signed in on, and the answer to a lost tablet: "Report lost" ends
 * its sessions on the server at once; the tablet wipes what the server holds the next
 * time it reaches it. Online only: the server knows the devices, not this tablet.
 */
export function Devices() {
  const { api } = useClinic();
  const { t } = useTranslation('settings');
  const format = useFormat();
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
            ? t('devices.needsServer')
            : failure instanceof Error
              ? sayFailure(failure)
              : t('devices.unreadable'),
        ),
    );
  }, [api, t]);
  useEffect(load, [load]);

  async function revoke(deviceId: string) {
    try {
      const { sessions_ended } = await api.revokeDevice(deviceId);
      setMessage(t('devices.reported', { count: sessions_ended }));
      setConfirming(null);
      load();
    } catch (failure) {
      setProblem(failure instanceof Error ? sayFailure(failure) : t('devices.notRevoked'));
    }
  }

  return (
    <Panel id="devices-title" title={t('devices.title')} className="">
      <p className="text-sm text-slate-700">{t('devices.explained')}</p>
      <Feedback message={message} error={problem ?? undefined} />
      <ul className="mt-3 divide-y divide-slate-200">
        {list?.devices.map((device) => (
          <li key={device.device_id} className="flex flex-wrap items-center gap-3 py-3">
            <div className="min-w-0 flex-1">
              <p className="font-medium">
                {device.people.map((person) => person.full_name).join(', ')}
                {device.device_id === list.this_device && ` · ${t('devices.thisDevice')}`}
              </p>
              <p className="truncate text-sm text-slate-700">
                {t('devices.lastSignIn', { when: format.dateTime(device.last_signed_in_at) })} ·{' '}
                {device.revoked_at
                  ? t('devices.reportedLost', { when: format.date(device.revoked_at) })
                  : t('devices.openSessions', { count: device.live_sessions })}{' '}
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
                    {t('devices.confirm')}
                  </button>
                  <button
                    type="button"
                    className="min-h-11 px-2 underline"
                    onClick={() => setConfirming(null)}
                  >
                    {t('common:cancel')}
                  </button>
                </span>
              ) : (
                <button
                  type="button"
                  className={secondaryButtonClass}
                  onClick={() => setConfirming(device.device_id)}
                >
                  {t('devices.report')}
                </button>
              ))}
          </li>
        ))}
      </ul>
    </Panel>
  );
}
