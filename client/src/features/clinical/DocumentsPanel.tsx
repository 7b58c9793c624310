import {
  clinicalContentOf,
  documentCategories,
  mayIssue,
  type DocumentCategory,
} from '@mymedic/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState, type FormEvent } from 'react';
import { useClinic } from '../../app/clinic';
import { useCommands, useReadsClinical } from '../../app/commands';
import { ApiError } from '../../engine/api';
import type { DocumentRow } from '../../engine/db';
import { openFile, viewableBlob, type FileView } from '../../engine/files';
import {
  buttonClass,
  Feedback,
  formText,
  secondaryButtonClass,
  SelectField,
  TextField,
} from '../../ui/Field';

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
            {documentCategories.map((category) => (
              <option key={category} value={category}>
                {categoryWords[category]}
              </option>
            ))}
          </SelectField>
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
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const reason = formText(new FormData(event.currentTarget), 'reason');
            void run(
              { type: 'ArchiveDocument', ...target, payload: { reason } },
              'Document archived',
            ).then((done) => done && setArchiving(false));
          }}
          noValidate
          aria-label={`Archive ${document.title}`}
          className="flex flex-wrap items-end gap-2"
        >
          <TextField
            label="Reason for archiving"
            name="reason"
            id={`archive-${suffix}`}
            error={errors.reason}
          />
          <button type="submit" className={buttonClass}>
            Archive document
          </button>
        </form>
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

  async function attach(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
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
    <section aria-labelledby="documents-title" className="space-y-3 rounded-xl bg-white p-6 shadow">
      <h2 id="documents-title" className="text-lg font-semibold">
        Documents
      </h2>
      <ul className="space-y-2">
        {documents.map((document) => (
          <DocumentItem key={document.document_id} document={document} />
        ))}
        {documents.length === 0 && <li className="text-slate-700">No documents yet.</li>}
      </ul>
      {mayIssue(actor.roles, 'AttachDocument') && (
        <form
          onSubmit={(event) => void attach(event)}
          noValidate
          aria-label="Attach a document"
          className="grid gap-3 sm:grid-cols-2"
        >
          <SelectField
            label="Kind of document"
            name="document-category"
            defaultValue="lab_report"
            error={errors.category}
          >
            {documentCategories.map((category) => (
              <option key={category} value={category}>
                {categoryWords[category]}
              </option>
            ))}
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
          <div className="sm:col-span-2">
            <Feedback message={message} error={errors.form} />
          </div>
          <div>
            <button type="submit" className={buttonClass}>
              Attach document
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
