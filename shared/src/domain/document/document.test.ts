import { describe, expect, it } from 'vitest';
import { adminAsha, given, nurseAmara, receptionistRavi } from '../../../test/given';
import type { DocumentEvent } from './aggregate';
import { maxDocumentBytes } from './events';

const wanjiruId = '0190a0b0-0000-7000-8000-000000000701';
const fileDigest = 'c0ffee'.padEnd(64, '1');

const chestXray = {
  patient_id: wanjiruId,
  category: 'imaging',
  title: 'Chest X-ray, PA view',
  file_name: 'wanjiru-chest-xray.jpg',
  mime_type: 'image/jpeg',
  size_bytes: 2_400_000,
  sha256: fileDigest,
} as const;
const attached: DocumentEvent = {
  type: 'DocumentAttached',
  data: { ...chestXray, visit_id: null },
};
const archived: DocumentEvent = {
  type: 'DocumentArchived',
  data: { reason: 'Scanned twice', archived_at: '2026-11-24T09:30:00.000Z' },
};

describe('attaching', () => {
  it('lets anyone attach a document, lower-casing the media type and digest', () => {
    given('document')
      .when(
        'AttachDocument',
        { ...chestXray, mime_type: 'Image/JPEG', sha256: fileDigest.toUpperCase() },
        { actor: receptionistRavi },
      )
      .then([attached]);
    given('document', [attached]).when('AttachDocument', chestXray).thenThrows('illegal_state');
  });

  it('refuses files over 10 MB, empty files, unknown categories and bad digests', () => {
    const error = given('document')
      .when('AttachDocument', { ...chestXray, size_bytes: maxDocumentBytes + 1 })
      .thenThrows('validation', /larger than 10 MB/);
    expect(error.details).toMatchObject({
      issues: [{ path: 'size_bytes', message: 'The file is larger than 10 MB' }],
    });
    given('document')
      .when('AttachDocument', { ...chestXray, size_bytes: maxDocumentBytes })
      .then([
        { type: 'DocumentAttached', data: { ...attached.data, size_bytes: maxDocumentBytes } },
      ]);
    given('document')
      .when('AttachDocument', { ...chestXray, size_bytes: 0 })
      .thenThrows('validation', /empty/);
    given('document')
      .when('AttachDocument', { ...chestXray, category: 'invoice' })
      .thenThrows('validation', /lab report/);
    given('document')
      .when('AttachDocument', { ...chestXray, mime_type: 'jpeg' })
      .thenThrows('validation', /media type/);
    given('document')
      .when('AttachDocument', { ...chestXray, sha256: 'not a digest' })
      .thenThrows('validation', /SHA-256/);
  });
});

describe('recategorizing', () => {
  it('changes the category; the same category records nothing', () => {
    given('document', [attached])
      .when('RecategorizeDocument', { category: 'referral' }, { actor: nurseAmara })
      .then([{ type: 'DocumentRecategorized', data: { category: 'referral' } }]);
    given('document', [attached]).when('RecategorizeDocument', { category: 'imaging' }).then([]);
  });

  it('refuses receptionists, unknown and archived documents', () => {
    given('document', [attached])
      .when('RecategorizeDocument', { category: 'referral' }, { actor: receptionistRavi })
      .thenThrows('forbidden');
    given('document')
      .when('RecategorizeDocument', { category: 'referral' })
      .thenThrows('not_found');
    given('document', [attached, archived])
      .when('RecategorizeDocument', { category: 'referral' })
      .thenThrows('illegal_state', /archived/);
  });
});

describe('archiving', () => {
  it('archives once, with a reason, by a doctor or nurse', () => {
    given('document', [attached])
      .when('ArchiveDocument', { reason: 'Scanned twice' })
      .then([archived]);
    given('document', [attached, archived])
      .when('ArchiveDocument', { reason: 'Again' })
      .thenThrows('illegal_state', /archived/);
    given('document', [attached])
      .when('ArchiveDocument', { reason: 'Mine' }, { actor: receptionistRavi })
      .thenThrows('forbidden');
  });
});

describe('sharing with the patient', () => {
  const shared: DocumentEvent = {
    type: 'DocumentSharedWithPatient',
    data: { shared_at: '2026-11-24T09:30:00.000Z' },
  };

  it('shares once, by a clinician or an admin, and stops sharing once', () => {
    given('document', [attached]).when('ShareDocumentWithPatient', {}).then([shared]);
    given('document', [attached])
      .when('ShareDocumentWithPatient', {}, { actor: adminAsha })
      .then([shared]);
    given('document', [attached, shared]).when('ShareDocumentWithPatient', {}).then([]);
    given('document', [attached, shared])
      .when('StopSharingDocument', {}, { actor: nurseAmara, issued_at: '2026-11-25T08:00:00.000Z' })
      .then([{ type: 'DocumentSharingStopped', data: { stopped_at: '2026-11-25T08:00:00.000Z' } }]);
    given('document', [attached]).when('StopSharingDocument', {}).then([]);
  });

  it('refuses the front desk, unknown and archived documents', () => {
    given('document', [attached])
      .when('ShareDocumentWithPatient', {}, { actor: receptionistRavi })
      .thenThrows('forbidden');
    given('document').when('ShareDocumentWithPatient', {}).thenThrows('not_found');
    given('document', [attached, archived])
      .when('ShareDocumentWithPatient', {})
      .thenThrows('illegal_state', /archived/);
    given('document').when('StopSharingDocument', {}).thenThrows('not_found');
  });
});
