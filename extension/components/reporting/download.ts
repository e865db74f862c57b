/**
 * Offer a CSV as a file download from an extension page: a Blob behind an object URL and an
 * `<a download>` click (extension pages need no `downloads` permission for this).
 *
 * The server starts its CSV with a byte-order mark so that spreadsheets read it as UTF-8;
 * decoding the response as text drops it, so it is put back here.
 */
export function downloadCsv(fileName: string, csv: string): void {
  const bom = csv.startsWith('\uFEFF') ? '' : '\uFEFF';
  const url = URL.createObjectURL(new Blob([bom, csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Chrome reads the Blob after the click returns: release it a little later.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
