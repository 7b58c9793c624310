import {
  clinicalContentOf,
  documentCategories,
  mayIssue,
  type DocumentCategory,
} from '@mymedic/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClinic } from '../../app/clinic';
import { useCommands, useReadsClinical } from '../../app/commands';
import { useFormat } from '../../app/useFormat';
import { ApiError } from '../../engine/api';
import type { DocumentRow } from '../../engine/db';
import { openFile, viewableBlob, type FileView } from '../../engine/files';
import {
  Feedback,
  formText,
  secondaryButtonClass,
  SelectField,
  TextField,
  WordOptions,
} from '../../ui/Field';
import { Form, FormFooter, ReasonForm } from '../../ui/Form';
import { Panel } from '../../ui/Panel';
import { sayFailure } from '../../i18n/refusals';

/** A file's size as people read it: whole kilobytes under a megabyte, else megabytes to a tenth. */
function useSizeWords() {
  const { t } = useTranslation('clinical');
  const format = useFormat();
  return (bytes: number) =>
    bytes < 1024 * 1024
      ? t('documents.kilobytes', { size: format.number(Math.ceil(bytes / 1024)) })
      : t('documents.megabytes', {
          size: format.number(bytes / 1024 / 1024, {
            minimumFractionDigits: 1,
            maximumFractionDigits: 1,
          }),
        });
}

function DocumentItem({ document }: { document: DocumentRow }) {
  const { db, api, actor } = useClinic();
  const { run, errors, message } = useCommands();
  const { t } = useTranslation('clinical');
  const size = useSizeWords();
  const categoryWords = (category: DocumentCategory) => t(`documents.categories.${category}`);
  const local = useLiveQuery(() => db.files.get(document.sha256), [db, document.sha256]);
  const [opened, setOpened] = useState<{ url: string; view: FileView } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [archiving, setArchiving] = useState(false);
  const target = { aggregate_type: 'document' as const, aggregate_id: document.document_id };
  const suffix = document.document_id.slice(-8);

  useEffect(() => () => (opened ? URL.revokeObjectURL(opened.url) : undefined), [opened]);

  async function open() {
    setProblem(null);
    try {
      const result = await openFile(db, api, document.sha256, document.mime_type);
      if (result.state !== 'ready') return setProblem(result.message);
      // Only allow-listed types are shown; HTML, SVG and the rest are only saved.
      const { view, blob } = viewableBlob(result.blob, document.mime_type);
      setOpened({ url: URL.createObjectURL(blob), view });
    } catch (error) {
      setProblem(error instanceof ApiError ? sayFailure(error) : t('documents.openFailed'));
    }
  }

  return (
    <li className="space-y-2 rounded-lg border border-slate-300 p-3">
      <p>
        <strong>{document.title}</strong> · {categoryWords(document.category)} ·{' '}
        {document.file_name} · {size(document.size_bytes)}
        {document.archived === 1 && ` · ${t('documents.archived')}`}
        {document.archived === 0 && document.shared_at && ` · ${t('documents.shared')}`}
        {local?.uploaded === 0 && (
          <span className="text-amber-800"> · {t('documents.waitingUpload')}</span>
        )}
        {document.pending === 1 && <span className="text-amber-800"> · {t('notSynced')}</span>}
      </p>
      <div className="flex flex-wrap items-end gap-2">
        <button type="button" className={secondaryButtonClass} onClick={() => void open()}>
          {t('documents.open', { title: document.title })}
        </button>
        {opened?.view === 'tab' && (
          <a href={opened.url} target="_blank" rel="noreferrer" className={secondaryButtonClass}>
            {t('documents.view', { file: document.file_name })}
          </a>
        )}
        {opened && opened.view !== 'image' && (
          <a href={opened.url} className={secondaryButtonClass} download={document.file_name}>
            {t('documents.save', { file: document.file_name })}
          </a>
        )}
        {document.archived === 0 && mayIssue(actor.roles, 'RecategorizeDocument') && (
          <SelectField
            label={t('documents.category')}
            name="category"
            id={`category-${suffix}`}
            value={document.category}
            onChange={(event) =>
              void run(
                {
                  type: 'RecategorizeDocument',
                  ...target,
                  payload: { category: event.target.value },
                },
                t('documents.categoryChanged'),
              )
            }
          >
            <WordOptions values={documentCategories} words={categoryWords} />
          </SelectField>
        )}
        {document.archived === 0 && mayIssue(actor.roles, 'ShareDocumentWithPatient') && (
          <label className="flex min-h-11 items-center gap-2">
            <input
              type="checkbox"
              className="h-5 w-5"
              checked={Boolean(document.shared_at)}
              onChange={(event) =>
                void run(
                  {
                    type: event.target.checked ? 'ShareDocumentWithPatient' : 'StopSharingDocument',
                    ...target,
                    payload: {},
                  },
                  event.target.checked ? t('documents.sharedNow') : t('documents.sharedNoLonger'),
                )
              }
            />
            {t('documents.share')}
          </label>
        )}
        {document.archived === 0 && mayIssue(actor.roles, 'ArchiveDocument') && !archiving && (
          <button type="button" className={secondaryButtonClass} onClick={() => setArchiving(true)}>
            {t('documents.archive')}
          </button>
        )}
      </div>
      {opened?.view === 'download' && <p className="text-sm">{t('documents.notShown')}</p>}
      {opened?.view === 'image' && (
        <img src={opened.url} alt={document.title} className="max-h-96 rounded-lg" />
      )}
      {problem && (
        <p role="alert" className="text-amber-900">
          {problem}
        </p>
      )}
      {archiving && (
        <ReasonForm
          label={t('documents.archiveForm', { title: document.title })}
          fieldLabel={t('documents.archiveReason')}
          id={`archive-${suffix}`}
          error={errors.reason}
          submit={t('documents.archiveSubmit')}
          onReason={async (reason) => {
            if (
              await run(
                { type: 'ArchiveDocument', ...target, payload: { reason } },
                t('documents.archivedNow'),
              )
            )
              setArchiving(false);
          }}
        />
      )}
      <Feedback message={message} error={errors.form} />
    </li>
  );
}

/**
 * A patient's documents: a photo from the tablet's camera or a file, attached offline.
 * The bytes wait on the device until the sync uploads them; other devices fetch a file
 * when someone opens it, and check it against its SHA-256.
 */
export function DocumentsPanel({
  patientId,
  visitId = null,
}: {
  patientId: string;
  visitId?: string | null;
}) {
  const { db, actor } = useClinic();
  const clinical = useReadsClinical();
  // The front desk sees the documents it handles itself (consent forms), no others.
  const documents = (
    useLiveQuery(
      () => db.documents.where('patient_id').equals(patientId).toArray(),
      [db, patientId],
    ) ?? []
  ).filter((document) => clinical || clinicalContentOf('DocumentAttached', document).length === 0);
  const { attach: attachDocument, errors, setErrors, message } = useCommands();
  const { t } = useTranslation('clinical');
  const categoryWords = (category: DocumentCategory) => t(`documents.categories.${category}`);

  async function attach(data: FormData, form: HTMLFormElement) {
    const photo = data.get('photo');
    const chosen = data.get('file');
    const file = [photo, chosen].find(
      (entry): entry is File => entry instanceof File && entry.size > 0,
    );
    if (!file) return setErrors({ file: t('documents.noFile') });
    const attached = await attachDocument(
      {
        patient_id: patientId,
        visit_id: visitId,
        category: formText(data, 'document-category') as DocumentCategory,
        title: formText(data, 'document-title') || file.name,
        file,
      },
      t('documents.attached', { file: file.name }),
    );
    if (attached) form.reset();
  }

  return (
    <Panel id="documents-title" title={t('documents.title')}>
      <ul className="space-y-2">
        {documents.map((document) => (
          <DocumentItem key={document.document_id} document={document} />
        ))}
        {documents.length === 0 && <li className="text-slate-700">{t('documents.none')}</li>}
      </ul>
      {mayIssue(actor.roles, 'AttachDocument') && (
        <Form
          onSubmit={attach}
          label={t('documents.attachForm')}
          className="grid gap-3 sm:grid-cols-2"
        >
          <SelectField
            label={t('documents.kind')}
            name="document-category"
            defaultValue="lab_report"
            error={errors.category}
          >
            <WordOptions values={documentCategories} words={categoryWords} />
          </SelectField>
          <TextField
            label={t('documents.documentTitle')}
            name="document-title"
            error={errors.title}
            hint={t('documents.titleHint')}
          />
          <TextField
            label={t('documents.photo')}
            name="photo"
            type="file"
            accept="image/*"
            capture="environment"
          />
          <TextField
            label={t('documents.file')}
            name="file"
            type="file"
            error={errors.file ?? errors.size_bytes}
            hint={t('documents.fileHint')}
          />
          <FormFooter submit={t('documents.attach')} message={message} error={errors.form} />
        </Form>
      )}
    </Panel>
  );
}
