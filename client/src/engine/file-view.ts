/**
 * How a document's file may be shown. A blob: URL has the app's origin, so a file the
 * browser would run (HTML, SVG, XML, anything unknown) must never be opened as a page:
 * only the types of the allow-list are shown, images in the page and PDFs and plain text
 * in a tab of their own; everything else is only saved, as bytes no browser renders.
 */
export type FileView = 'image' | 'tab' | 'download';

const shownInPage = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif']);
const shownInTab = new Set(['application/pdf', 'text/plain']);

export function fileViewOf(mimeType: string): FileView {
  const type = mimeType.split(';')[0]!.trim().toLowerCase();
  if (shownInPage.has(type)) return 'image';
  if (shownInTab.has(type)) return 'tab';
  return 'download';
}

/**
 * The blob to make a URL of: the file as it is for a type of the allow-list, or else its
 * bytes as application/octet-stream, which a browser only ever saves.
 */
export function viewableBlob(blob: Blob, mimeType: string): { view: FileView; blob: Blob } {
  const view = fileViewOf(mimeType);
  if (view === 'download')
    return { view, blob: new Blob([blob], { type: 'application/octet-stream' }) };
  const type = mimeType.split(';')[0]!.trim().toLowerCase();
  return { view, blob: blob.type === type ? blob : new Blob([blob], { type }) };
}
