import {
  clinicalContentOf,
  documentCategories,
  mayIssue,
  type DocumentCategory,
} from '@mymedic/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { useClinic } from '../../app/clinic';
import { useCommands, useReadsClinical } from '../../app/commands';
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

export const categoryWords: Record<DocumentCategory, string> = {
  lab_report: 'Lab report',
  imaging: 'Imaging',
  referral: 'Referral',
  consent_form: 'Consent form',
  photo: 'Photo',
  other: 'Other',
};

const size = (bytes: number) =>
  bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function DocumentItem({ document }: { document: DocumentRow }) {
  const { db, api, actor } = useClinic();
  const { run, errors, message } = useCommands();
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
      setProblem(error instanceof ApiError ? error.message : 'The file could not be opened');
    }
  }

  return (
    <li className="space-y-2 rounded-lg border border-slate-300 p-3">
      <p>
        <strong>{document.title}</strong> · {categoryWords[document.category]} ·{' '}
        {document.file_name} · {size(document.size_bytes)}
        {document.archived === 1 && ' · archived'}
        {document.archived === 0 && document.shared_at && ' · shared with the patient'}
        {local?.uploaded === 0 && <span className="text-amber-800"> · file waiting to upload</span>}
        {document.pending === 1 && <span className="text-amber-800"> · not yet synced</span>}
      </p>
      <div className="flex flex-wrap items-end gap-2">
        <button type="button" className={secondaryButtonClass} onClick={() => void open()}>
          Open {document.title}
        </button>
        {opened?.view === 'tab' && (
          <a href={opened.url} target="_blank" rel="noreferrer" className={secondaryButtonClass}>
            View {document.file_name}
          </a>
        )}
        {opened && opened.view !== 'image' && (
          <a href={opened.url} className={secondaryButtonClass} download={document.file_name}>
            Save {document.file_name}
          </a>
        )}
        {document.archived === 0 && mayIssue(actor.roles, 'RecategorizeDocument') && (
          <SelectField
            label="Category"
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
                'Category changed',
              )
            }
          >
            <WordOptions
              values={documentCategories}
              words={(category) => categoryWords[category]}
            />
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
                  event.target.checked
                    ? 'Shared with the patient: it shows in their portal'
                    : 'No longer shared with the patient',
                )
              }
            />
            Share with patient
          </label>
        )}
        {document.archived === 0 && mayIssue(actor.roles, 'ArchiveDocument') && !archiving && (
          <button type="button" className={secondaryButtonClass} onClick={() => setArchiving(true)}>
            Archive
          </button>
        )}
      </div>
      {opened?.view === 'download' && (
        <p className="text-sm">
          This kind of file is not shown inside MyMedic: save it and open it with another program.
        </p>
      )}
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
          label={`Archive ${document.title}`}
          fieldLabel="Reason for archiving"
          id={`archive-${suffix}`}
          error={errors.reason}
          submit="Archive document"
          onReason={async (reason) => {
            if (
              await run(
                { type: 'ArchiveDocument', ...target, payload: { reason } },
                'Document archived',
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

  async function attach(data: FormData, form: HTMLFormElement) {
    const photo = data.get('photo');
    const chosen = data.get('file');
    const file = [photo, chosen].find(
      (entry): entry is File => entry instanceof File && entry.size > 0,
    );
    if (!file) return setErrors({ file: 'Take a photo or choose a file' });
    const attached = await attachDocument(
      {
        patient_id: patientId,
        visit_id: visitId,
        category: formText(data, 'document-category') as DocumentCategory,
        title: formText(data, 'document-title') || file.name,
        file,
      },
      `${file.name} attached; it uploads when the server answers`,
    );
    if (attached) form.reset();
  }

  return (
    <Panel id="documents-title" title="Documents">
      <ul className="space-y-2">
        {documents.map((document) => (
          <DocumentItem key={document.document_id} document={document} />
        ))}
        {documents.length === 0 && <li className="text-slate-700">No documents yet.</li>}
      </ul>
      {mayIssue(actor.roles, 'AttachDocument') && (
        <Form onSubmit={attach} label="Attach a document" className="grid gap-3 sm:grid-cols-2">
          <SelectField
            label="Kind of document"
            name="document-category"
            defaultValue="lab_report"
            error={errors.category}
          >
            <WordOptions
              values={documentCategories}
              words={(category) => categoryWords[category]}
            />
          </SelectField>
          <TextField
            label="Title"
            name="document-title"
            error={errors.title}
            hint="The file name when left empty"
          />
          <TextField
            label="Take a photo"
            name="photo"
            type="file"
            accept="image/*"
            capture="environment"
          />
          <TextField
            label="Or choose a file"
            name="file"
            type="file"
            error={errors.file ?? errors.size_bytes}
            hint="Up to 10 MB"
          />
          <FormFooter submit="Attach document" message={message} error={errors.form} />
        </Form>
      )}
    </Panel>
  );
}
