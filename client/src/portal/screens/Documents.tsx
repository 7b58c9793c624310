import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PortalApi, PortalError, type SharedDocument } from '../model/api';
import { endSessionIfRefused, useAnswer } from '../model/answers';
import { usePortalFormat } from '../model/clock';
import { usePortal, useSession } from '../model/state';
import { problemWords, sizeWords, type PortalT } from '../model/words';
import { fileViewOf, viewableBlob } from '../../engine/file-view';
import { buttonClass, secondaryButtonClass } from '../../ui/Field';
import { Nothing, Screen } from '../parts/Screen';

const extensionOf: Record<string, string> = {
  'application/pdf': '.pdf',
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/webp': '.webp',
  'image/gif': '.gif',
  'text/plain': '.txt',
};

/** The name a saved file gets: its title (else `untitled`), with the extension of its type. */
export function fileNameOf(document: SharedDocument, untitled: string): string {
  const base = document.title.replace(/[\\/:*?"<>|]+/g, ' ').trim() || untitled;
  const extension = extensionOf[document.content_type.split(';')[0]!.trim().toLowerCase()] ?? '';
  return base.toLowerCase().endsWith(extension) ? base : `${base}${extension}`;
}

function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Why a file could not be fetched. */
function fetchProblem(error: unknown, t: PortalT): string {
  if (error instanceof PortalError && error.unreachable) return t('documents.unreachable');
  const reason = error instanceof PortalError ? problemWords(error, t) : t('problem.unexpected');
  return t('documents.failed', { reason });
}

function DocumentRow({ document: shared }: { document: SharedDocument }) {
  const { t } = useTranslation('portal');
  const formats = usePortalFormat();
  const session = useSession();
  const online = usePortal((state) => state.online);
  const [problem, setProblem] = useState<{ error: unknown } | null>(null);
  const [busy, setBusy] = useState(false);
  const opensInTab = fileViewOf(shared.content_type) !== 'download';
  const fetchFile = async () => {
    setBusy(true);
    setProblem(null);
    try {
      return await new PortalApi(session.token).documentFile(shared.document_id);
    } catch (error) {
      await endSessionIfRefused(error);
      setProblem({ error });
      return null;
    } finally {
      setBusy(false);
    }
  };
  const open = async () => {
    // Opened before the file comes, while the tap still counts, so no pop-up blocker stops it.
    const tab = window.open('', '_blank');
    const blob = await fetchFile();
    if (!blob) {
      tab?.close();
      return;
    }
    const url = URL.createObjectURL(viewableBlob(blob, shared.content_type).blob);
    if (tab) tab.location.href = url;
    else window.location.href = url;
  };
  const save = async () => {
    const blob = await fetchFile();
    if (blob)
      saveBlob(
        new Blob([blob], { type: 'application/octet-stream' }),
        fileNameOf(shared, t('documents.untitled')),
      );
  };
  return (
    <article
      className="rounded-xl bg-white p-4 shadow"
      aria-labelledby={`document-${shared.document_id}`}
    >
      <h2 id={`document-${shared.document_id}`} className="text-xl font-semibold break-words">
        {shared.title}
      </h2>
      <p className="text-base text-slate-700">
        {t('documents.shared', {
          date: formats.longDate(shared.shared_at),
          size: sizeWords(shared.size, t, formats),
        })}
      </p>
      <div className="mt-3 flex flex-wrap gap-2">
        {opensInTab && (
          <button
            type="button"
            className={`${buttonClass} min-h-12 text-lg`}
            disabled={busy || !online}
            onClick={() => void open()}
          >
            {t('documents.open')}
          </button>
        )}
        <button
          type="button"
          className={`${opensInTab ? secondaryButtonClass : buttonClass} min-h-12 text-lg disabled:opacity-50`}
          disabled={busy || !online}
          onClick={() => void save()}
        >
          {t('documents.download')}
        </button>
      </div>
      {!online && <p className="mt-2 text-base text-slate-700">{t('documents.onlineOnly')}</p>}
      {problem && (
        <p role="alert" className="mt-2 text-base text-red-800">
          {fetchProblem(problem.error, t)}
        </p>
      )}
    </article>
  );
}

/** The documents the clinic chose to share: open (the safe types) or download. */
export function DocumentsScreen() {
  const { t } = useTranslation('portal');
  const session = useSession();
  const view = useAnswer('documents', session);
  return (
    <Screen title={t('documents.title')} view={view}>
      {({ documents }) =>
        documents.length === 0 ? (
          <Nothing>{t('documents.none')}</Nothing>
        ) : (
          <div className="space-y-3">
            {[...documents]
              .sort((a, b) => Date.parse(b.shared_at) - Date.parse(a.shared_at))
              .map((shared) => (
                <DocumentRow key={shared.document_id} document={shared} />
              ))}
          </div>
        )
      }
    </Screen>
  );
}
